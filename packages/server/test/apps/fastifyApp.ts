import { Readable } from "node:stream";
import type { ResourceServer } from "@x402kit/core";
import Fastify from "fastify";
import { x402Fastify } from "../../src/fastify/x402Fastify.js";
import {
  delay,
  LARGE_BODY_BYTES,
  okBody,
  SLOW_HANDLER_MS,
  streamChunks,
  type TestApp,
  testPaths,
} from "../adapterSuite.js";

export async function startFastifyApp(server: ResourceServer): Promise<TestApp> {
  const app = Fastify({ bodyLimit: 10 * 1024 * 1024 });
  // Registered as a plugin, its hooks still apply to routes declared outside it (skip-override).
  await app.register(x402Fastify, server);
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  app.get(testPaths.free, async () => "free");
  app.get(testPaths.ok, async (request, reply) =>
    reply.header("x-handler", "yes").send(okBody(request.x402)),
  );
  app.get(testPaths.fails, async (_request, reply) =>
    reply.header("x-handler", "yes").code(500).type("text/plain").send("handler failed"),
  );
  app.get(testPaths.throws, async () => {
    throw new Error("handler threw");
  });
  app.get(testPaths.variable, async (request) => {
    request.x402!.setSettlementAmount(7);
    return "metered";
  });
  app.get(testPaths.stream, async (_request, reply) => {
    const body = Readable.from(
      (async function* () {
        for (const chunk of streamChunks) {
          yield chunk;
          await delay(5);
        }
      })(),
    );
    return reply.header("x-handler", "yes").type("text/plain").send(body);
  });
  app.get(testPaths.large, async (_request, reply) => reply.send(Buffer.alloc(LARGE_BODY_BYTES, "x")));
  app.post(testPaths.upload, async (request) => ({ received: (request.body as Buffer).length }));
  app.get(testPaths.slow, async () => {
    await delay(SLOW_HANDLER_MS);
    return "slow";
  });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    url,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}
