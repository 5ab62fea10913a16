import express from "express";
import { listenExpress } from "./listenExpress.js";

/** What a library facilitator does, in the shape the spec's three routes need (v2 §7). */
export type FacilitatorRoutes = {
  supported: () => unknown;
  verify: (paymentPayload: unknown, paymentRequirements: unknown) => Promise<unknown>;
  settle: (paymentPayload: unknown, paymentRequirements: unknown) => Promise<unknown>;
};

/**
 * The thin HTTP glue a library facilitator needs (the reference's and Faremeter's ship none): `GET /supported`,
 * `POST /verify` and `POST /settle` on 127.0.0.1:`port`. A thrown error becomes HTTP 500 with its message; a body
 * that is not JSON gets 400 (instead of Express's HTML error page).
 */
export function serveFacilitatorRoutes(routes: FacilitatorRoutes, port: number) {
  const app = express();
  app.use(express.json());
  const fail = (response: express.Response, status: number, error: unknown) =>
    response.status(status).json({ error: error instanceof Error ? error.message : String(error) });
  app.get("/supported", async (_request, response) => {
    try {
      response.json(await routes.supported());
    } catch (error) {
      fail(response, 500, error);
    }
  });
  for (const path of ["/verify", "/settle"] as const) {
    app.post(path, async (request, response) => {
      const { paymentPayload, paymentRequirements } = request.body ?? {};
      try {
        response.json(
          await routes[path === "/verify" ? "verify" : "settle"](paymentPayload, paymentRequirements),
        );
      } catch (error) {
        fail(response, 500, error);
      }
    });
  }
  app.use(
    (error: unknown, _request: express.Request, response: express.Response, _next: express.NextFunction) =>
      fail(response, 400, error),
  );
  return listenExpress(app, port);
}
