// CommonJS: x402kit is ESM, and Node 22.12+ lets require() load it (require(esm)).
const { createX402Client, wrapFetch } = require("@x402kit/client");
const { createFacilitatorClient } = require("@x402kit/core");
const { exactEvmClient } = require("@x402kit/evm");
const { createFacilitator } = require("@x402kit/facilitator");
const { runCli } = require("@x402kit/facilitator-cli");
const { paymentMiddleware } = require("@x402kit/server/hono");
const { paymentPayloadSchema } = require("@x402kit/types");

const loaded = {
  createX402Client,
  wrapFetch,
  createFacilitatorClient,
  exactEvmClient,
  createFacilitator,
  runCli,
  paymentMiddleware,
};
for (const [name, value] of Object.entries(loaded))
  if (typeof value !== "function") throw new Error(`require() gave no function ${name}`);
if (typeof paymentPayloadSchema?.safeParse !== "function")
  throw new Error("require() gave no paymentPayloadSchema");
console.log(`require(): ${Object.keys(loaded).length + 1} exports of 7 packages`);
