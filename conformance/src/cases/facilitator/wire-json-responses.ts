import { freshPayment } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.wire.json-responses",
  spec: ["v2 §7"],
  level: "SHOULD",
  role: "facilitator",
  description: "/supported, /verify and /settle answer with Content-Type application/json.",
  run: async (context) => {
    const { facilitator, expect } = context;
    const { buyer, requirements } = await freshPayment(context);
    const payload = await context.signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { authorization: { value: 1n } },
    });
    const results = {
      "GET /supported": await facilitator.supported(),
      "POST /verify": await facilitator.verify(facilitator.body(payload, requirements)),
      "POST /settle": await facilitator.settle(facilitator.body(payload, requirements)),
    };
    for (const [what, result] of Object.entries(results)) {
      const type = result.headers.get("content-type") ?? "";
      expect.that(type.toLowerCase().startsWith("application/json"), `${what}: Content-Type is "${type}"`);
    }
  },
});
