// Adapter: x402kit's Hono middleware (@x402kit/server/hono, on @hono/node-server) as a resource server under test.
// Command: x402-conformance server --cmd "tsx --conditions=source peers/x402kitServerHono.ts"
// Env: as peers/x402kitServerExpress.ts. Routes: the suite's route contract (README).
import { serve } from "@hono/node-server";
import { paymentMiddleware } from "@x402kit/server/hono";
import { Hono } from "hono";
import { serverRoutes } from "../src/index.js";
import { isMain } from "./listenExpress.js";
import { paidContent, x402kitRoutes } from "./x402kitRoutes.js";

export async function startX402kitHonoServer(
  env: Record<string, string | undefined>,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const app = new Hono();
  app.use(paymentMiddleware(x402kitRoutes(env)));
  for (const path of [serverRoutes.paid, serverRoutes.expensive]) app.get(path, (c) => c.json(paidContent));
  app.get(serverRoutes.error, (c) => c.json({ error: "the handler failed" }, 500));
  return new Promise((resolve) => {
    const server = serve(
      { fetch: app.fetch, hostname: "127.0.0.1", port: Number(env["PORT"] ?? 0) },
      (info) =>
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          stop: () =>
            new Promise<void>((done) => {
              if ("closeAllConnections" in server) server.closeAllConnections();
              server.close(() => done());
            }),
        }),
    );
  });
}

if (isMain(import.meta.url)) {
  const { url } = await startX402kitHonoServer(process.env);
  console.log(`x402kit hono server listening on ${url}`);
}
