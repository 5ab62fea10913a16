// Adapter: x402kit's Express middleware (@x402kit/server/express) as a resource server under test.
// Command: x402-conformance server --cmd "tsx --conditions=source peers/x402kitServerExpress.ts"
// Env (from the suite): NETWORK, ASSET, ASSET_NAME, ASSET_VERSION, PAY_TO, PRICE, PRICE_EXPENSIVE, FACILITATOR_URL,
// PORT. Routes: the suite's route contract (README).
import { paymentMiddleware } from "@x402kit/server/express";
import express from "express";
import { serverRoutes } from "../src/index.js";
import { isMain, listenExpress } from "./listenExpress.js";
import { paidContent, x402kitRoutes } from "./x402kitRoutes.js";

export async function startX402kitExpressServer(env: Record<string, string | undefined>) {
  const app = express();
  app.use(paymentMiddleware(x402kitRoutes(env)));
  for (const path of [serverRoutes.paid, serverRoutes.expensive])
    app.get(path, (_request, response) => {
      response.json(paidContent);
    });
  app.get(serverRoutes.error, (_request, response) => {
    response.status(500).json({ error: "the handler failed" });
  });
  return listenExpress(app, Number(env["PORT"] ?? 0));
}

if (isMain(import.meta.url)) {
  const { url } = await startX402kitExpressServer(process.env);
  console.log(`x402kit express server listening on ${url}`);
}
