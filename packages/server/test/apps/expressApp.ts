import type { AddressInfo } from "node:net";
import type { ResourceServer } from "@x402kit/core";
import express from "express";
import { paymentMiddleware } from "../../src/express/paymentMiddleware.js";
import {
  delay,
  LARGE_BODY_BYTES,
  okBody,
  SLOW_HANDLER_MS,
  streamChunks,
  type TestApp,
  testPaths,
} from "../adapterSuite.js";

export async function startExpressApp(server: ResourceServer): Promise<TestApp> {
  const app = express();
  app.use(paymentMiddleware(server));
  app.get(testPaths.free, (_req, res) => {
    res.send("free");
  });
  app.get(testPaths.ok, (_req, res) => {
    res.set("x-handler", "yes").json(okBody(res.locals.x402));
  });
  app.get(testPaths.fails, (_req, res) => {
    res.set("x-handler", "yes").status(500).send("handler failed");
  });
  app.get(testPaths.throws, () => {
    throw new Error("handler threw");
  });
  app.get(testPaths.variable, (_req, res) => {
    res.locals.x402!.setSettlementAmount(7);
    res.send("metered");
  });
  app.get(testPaths.stream, async (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain", "x-handler": "yes" });
    for (const chunk of streamChunks) {
      res.write(chunk);
      await delay(5);
    }
    res.end();
  });
  app.get(testPaths.large, (_req, res) => {
    res.send(Buffer.alloc(LARGE_BODY_BYTES, "x"));
  });
  app.post(testPaths.upload, express.raw({ type: () => true, limit: "10mb" }), (req, res) => {
    res.json({ received: (req.body as Buffer).length });
  });
  app.get(testPaths.slow, async (_req, res) => {
    await delay(SLOW_HANDLER_MS);
    res.send("slow");
  });
  const listener = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => listener.once("listening", resolve));
  return {
    url: `http://127.0.0.1:${(listener.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        listener.closeAllConnections();
        listener.close(() => resolve());
      }),
  };
}
