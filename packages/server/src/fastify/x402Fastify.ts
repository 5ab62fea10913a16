import type { VerifiedPayment } from "@x402kit/core";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { createSettler, type Settler } from "../shared/createSettler.js";
import { fromNodeRequest } from "../shared/fromNodeRequest.js";
import { releaseOnClose } from "../shared/releaseOnClose.js";
import { type PaymentMiddlewareConfig, resolveResourceServer } from "../shared/resolveResourceServer.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The verified (not yet settled) payment, on a paid route. */
    x402: VerifiedPayment | undefined;
  }
}

export type X402FastifyOptions = PaymentMiddlewareConfig;

type Held = { settle: Settler; headersBefore: ReturnType<FastifyReply["getHeaders"]> };

/** The payload as bytes, whatever the handler sent; a web `Response` also brings its status and headers. */
async function readPayload(payload: unknown, reply: FastifyReply): Promise<string | Buffer | null> {
  if (payload === null || payload === undefined || typeof payload === "string" || Buffer.isBuffer(payload))
    return payload ?? null;
  if (payload instanceof Response) {
    reply.code(payload.status);
    payload.headers.forEach((value, name) => {
      reply.header(name, value);
    });
    return payload.body === null ? null : Buffer.from(await payload.arrayBuffer());
  }
  if (payload instanceof Uint8Array) return Buffer.from(payload);
  // A node or web stream: buffered to its end, so that nothing reaches the client before settlement.
  const chunks: Buffer[] = [];
  for await (const chunk of payload as AsyncIterable<string | Uint8Array>)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const plugin: FastifyPluginAsync<X402FastifyOptions> = async (fastify, options) => {
  const server = resolveResourceServer(options);
  const held = new WeakMap<FastifyRequest, Held>();
  fastify.decorateRequest("x402", undefined);

  // onRequest: before the body is parsed, so an unpaid upload is refused without reading it.
  fastify.addHook("onRequest", async (request, reply) => {
    const result = await server.processRequest(
      fromNodeRequest({
        method: request.method,
        protocol: request.protocol,
        host: request.host,
        path: request.url,
        headers: request.headers,
      }),
    );
    if (result.type === "pass") return;
    if (result.type === "respond") {
      const { status, headers, body } = result.response;
      return reply.code(status).headers(headers).send(body);
    }
    const settle = createSettler(result.payment);
    releaseOnClose(reply.raw, settle);
    // Headers set before this hook survive a 402; the handler's do not.
    held.set(request, { settle, headersBefore: reply.getHeaders() });
    request.x402 = result.payment;
  });

  // onSend: the payload is not written yet; hold it, settle, then send it or the engine's response instead.
  fastify.addHook("onSend", async (request, reply, payload) => {
    const entry = held.get(request);
    if (!entry) return payload;
    held.delete(request);
    let body: string | Buffer | null;
    try {
      body = await readPayload(payload, reply);
    } catch (error) {
      await entry.settle(500);
      throw error;
    }
    const outcome = await entry.settle(reply.statusCode);
    if (outcome.type === "deliver") {
      reply.headers(outcome.headers);
      return body;
    }
    for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
    reply.headers(entry.headersBefore);
    reply.headers(outcome.response.headers);
    reply.code(outcome.response.status);
    return outcome.response.body;
  });
};

/**
 * x402 for fastify: `await app.register(x402Fastify, { routes, schemes, facilitator })`. Its hooks apply to the
 * whole app (like fastify-plugin). Unpaid requests to a priced route get the engine's 402; a paid one runs the
 * handler (`request.x402` is the payment), then the plugin settles (only below 400) and adds `PAYMENT-RESPONSE`, or
 * sends the engine's 402 instead of the handler's payload.
 */
export const x402Fastify = Object.assign(plugin, {
  [Symbol.for("skip-override")]: true,
  [Symbol.for("fastify.display-name")]: "@x402kit/server/fastify",
});
