import { caip2ToV1Network, headerNames } from "@x402kit/types";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "client.v1.pays",
  spec: ["v1 §5", "http-v1 Payment Payload Transmission (X-PAYMENT)"],
  level: "SHOULD",
  role: "client",
  description: "Against a v1 server (JSON 402 body, named network) the client pays with X-PAYMENT.",
  run: async (context) => {
    const { chain, expect } = context;
    const name = caip2ToV1Network(chain.network);
    if (!name) context.skip(`v1 has no network name for ${chain.network}: run with --chain-id 84532`);
    const run = await context.runClient({ version: 1 });
    expect.equal(run.payments[0]?.payment?.header, headerNames.xPayment, "payment header");
    expect.equal(run.result?.["status"], 200, "status on the client's result line");
    expect.equal(await chain.balanceOf(run.payTo), BigInt(run.requirements.amount), "payTo balance");
  },
});
