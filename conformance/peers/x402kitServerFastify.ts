// Adapter: x402kit's Fastify plugin (@x402kit/server/fastify) as a resource server under test.
// Command: x402-conformance server --cmd "tsx --conditions=source peers/x402kitServerFastify.ts"
// Env: as peers/x402kitServerExpress.ts. Routes: the suite's route contract (README).
import { x402Fastify } from "@x402kit/server/fastify";
import Fastify from "fastify";
import { serverRoutes } from "../src/index.js";
import { isMain } from "./listenExpress.js";
import { paidContent, x402kitRoutes } from "./x402kitRoutes.js";

export async function startX402kitFastifyServer(env: Record<string, string | undefined>) {
  const app = Fastify();
  await app.register(x402Fastify, x402kitRoutes(env));
  for (const path of [serverRoutes.paid, serverRoutes.expensive]) app.get(path, async () => paidContent);
  app.get(serverRoutes.error, async (_request, reply) =>
    reply.code(500).send({ error: "the handler failed" }),
  );
  const url = await app.listen({ host: "127.0.0.1", port: Number(env["PORT"] ?? 0) });
  return { url, stop: () => app.close() };
}

if (isMain(import.meta.url)) {
  const { url } = await startX402kitFastifyServer(process.env);
  console.log(`x402kit fastify server listening on ${url}`);
}
