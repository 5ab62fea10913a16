import type { ResourceServer } from "@x402kit/core";
import { Hono } from "hono";
import { stream } from "hono/streaming";
import { paymentMiddleware } from "../../src/hono/paymentMiddleware.js";
import {
  delay,
  LARGE_BODY_BYTES,
  okBody,
  SLOW_HANDLER_MS,
  streamChunks,
  type TestApp,
  testPaths,
} from "../adapterSuite.js";
import { serveFetch } from "../serveFetch.js";

export function startHonoApp(server: ResourceServer): Promise<TestApp> {
  const app = new Hono();
  app.use(paymentMiddleware(server));
  app.get(testPaths.free, (c) => c.text("free"));
  app.get(testPaths.ok, (c) => c.json(okBody(c.get("x402")), 200, { "x-handler": "yes" }));
  app.get(testPaths.fails, (c) => c.text("handler failed", 500, { "x-handler": "yes" }));
  app.get(testPaths.throws, () => {
    throw new Error("handler threw");
  });
  app.get(testPaths.variable, (c) => {
    c.get("x402")!.setSettlementAmount(7);
    return c.text("metered");
  });
  app.get(testPaths.stream, (c) => {
    c.header("x-handler", "yes");
    return stream(c, async (s) => {
      for (const chunk of streamChunks) {
        await s.write(chunk);
        await delay(5);
      }
    });
  });
  app.get(testPaths.large, (c) => c.body("x".repeat(LARGE_BODY_BYTES)));
  app.post(testPaths.upload, async (c) => c.json({ received: (await c.req.arrayBuffer()).byteLength }));
  app.get(testPaths.slow, async (c) => {
    await delay(SLOW_HANDLER_MS);
    return c.text("slow");
  });
  // The framework's own error handling, quietly.
  app.onError((_error, c) => c.text("Internal Server Error", 500));
  return serveFetch(app.fetch);
}
