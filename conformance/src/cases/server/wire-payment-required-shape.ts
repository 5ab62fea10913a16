import { base64DecodeUtf8, paymentRequiredSchema } from "@x402kit/types";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.wire.payment-required-shape",
  spec: ["v2 §5.1", "v2 §5.1.2"],
  level: "MUST",
  role: "server",
  description: "PAYMENT-REQUIRED decodes to a v2 PaymentRequired: x402Version 2, resource, accepts[].",
  run: async ({ server, expect }) => {
    const result = await server.get(server.routes.paid);
    const header = result.headers.get("PAYMENT-REQUIRED") ?? "";
    const json = JSON.parse(base64DecodeUtf8(header) ?? "null") as unknown;
    const body = expect.schema(paymentRequiredSchema, json, "PaymentRequired");
    expect.equal(body.x402Version, 2, "x402Version");
  },
});
