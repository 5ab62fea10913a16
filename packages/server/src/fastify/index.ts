export { type X402FastifyOptions, x402Fastify } from "./x402Fastify.js";
