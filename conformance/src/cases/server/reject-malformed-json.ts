import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "server.reject.malformed-payload",
  spec: ["http-v2 Error Handling (Invalid Payment: 400)", "v2 §9 (invalid_payload)"],
  level: "MUST",
  role: "server",
  description: "A PAYMENT-SIGNATURE that is base64 of something other than a PaymentPayload gets HTTP 400.",
  run: async ({ server, expect }) => {
    for (const [what, text] of [
      ["not JSON", "hello"],
      ["JSON, not a payload", '{"x402Version":2}'],
    ] as const) {
      const result = await server.get(server.routes.paid, {
        "PAYMENT-SIGNATURE": Buffer.from(text).toString("base64"),
      });
      expect.that(!server.delivered(result), `content delivered for ${what}`);
      expect.status(result, 400, `PAYMENT-SIGNATURE ${what}`);
    }
  },
});
