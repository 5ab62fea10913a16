import express, { type RequestHandler } from "express";

/** The body of `GET /paid`: small and fixed, so both implementations serve the same bytes. */
export const paidBody = { report: "sunny", celsius: 21 } as const;

/**
 * The one express app both implementations protect: `GET /paid` (behind `middleware` when given) and a free
 * `GET /health`. Keeping the app identical makes the middleware the only difference between the two sides.
 */
export function createBenchApp(middleware?: RequestHandler): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  if (middleware) app.use(middleware);
  app.get("/paid", (_req, res) => {
    res.json(paidBody);
  });
  app.get("/health", (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}
