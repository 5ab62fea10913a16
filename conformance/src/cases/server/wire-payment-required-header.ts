import { headerNames } from "@x402kit/types";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.wire.payment-required-header",
  spec: ["http-v2 Payment Required Signaling", "http-v2 Header Summary"],
  level: "MUST",
  role: "server",
  description: "The 402 carries the PAYMENT-REQUIRED header (header names are the spec's).",
  run: async ({ server, expect }) => {
    const result = await server.get(server.routes.paid);
    expect.that(
      result.headers.has(headerNames.paymentRequired),
      `no ${headerNames.paymentRequired} header on the 402`,
    );
    expect.that(!result.headers.has("x-payment-required"), "uses a non-standard X-PAYMENT-REQUIRED header");
  },
});
