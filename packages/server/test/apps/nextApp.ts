import type { ResourceServer } from "@x402kit/core";
import { withX402 } from "../../src/next/withX402.js";
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

// Each entry plays one App Router route file (`export const GET = withX402(...)`); a node:http bridge serves them.
export function startNextApp(server: ResourceServer): Promise<TestApp> {
  const text = (body: string, status = 200, headers: Record<string, string> = {}) =>
    new Response(body, { status, headers: { "content-type": "text/plain", ...headers } });
  const routes: Record<
    string,
    (request: Request, context: { params: Promise<object> }) => Promise<Response>
  > = {
    [`GET ${testPaths.free}`]: withX402(() => text("free"), server),
    [`GET ${testPaths.ok}`]: withX402(
      (_request, { x402 }) => Response.json(okBody(x402), { headers: { "x-handler": "yes" } }),
      server,
    ),
    [`GET ${testPaths.fails}`]: withX402(() => text("handler failed", 500, { "x-handler": "yes" }), server),
    [`GET ${testPaths.throws}`]: withX402(() => {
      throw new Error("handler threw");
    }, server),
    [`GET ${testPaths.variable}`]: withX402((_request, { x402 }) => {
      x402!.setSettlementAmount(7);
      return text("metered");
    }, server),
    [`GET ${testPaths.stream}`]: withX402(() => {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          for (const chunk of streamChunks) {
            controller.enqueue(encoder.encode(chunk));
            await delay(5);
          }
          controller.close();
        },
      });
      return new Response(body, { headers: { "content-type": "text/plain", "x-handler": "yes" } });
    }, server),
    [`GET ${testPaths.large}`]: withX402(() => text("x".repeat(LARGE_BODY_BYTES)), server),
    [`POST ${testPaths.upload}`]: withX402(
      async (request) => Response.json({ received: (await request.arrayBuffer()).byteLength }),
      server,
    ),
    [`GET ${testPaths.slow}`]: withX402(async () => {
      await delay(SLOW_HANDLER_MS);
      return text("slow");
    }, server),
  };
  return serveFetch(async (request) => {
    const route = routes[`${request.method} ${new URL(request.url).pathname}`];
    if (!route) return new Response("not found", { status: 404 });
    try {
      return await route(request, { params: Promise.resolve({}) });
    } catch {
      // What Next.js does with a route that throws.
      return new Response("Internal Server Error", { status: 500 });
    }
  });
}
