import { supportedResponseSchema } from "@x402kit/types";
import { freshPayment, readVerifyResponse } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.supported.agrees-with-verify",
  spec: ["v2 §7.3 (kinds)", "v2 §7.1"],
  level: "SHOULD",
  role: "facilitator",
  description:
    "Every exact v2 kind listed for the chain is accepted by /verify, and a listed scheme is not refused.",
  run: async (context) => {
    const { facilitator, expect, chain } = context;
    const body = expect.schema(
      supportedResponseSchema,
      (await facilitator.supported()).json,
      "GET /supported",
    );
    const kinds = body.kinds.filter(
      (k) => k.x402Version === 2 && k.network === chain.network && k.scheme === "exact",
    );
    if (kinds.length === 0)
      context.skip("no exact v2 kind for this chain (see facilitator.supported.lists-network)");
    for (const kind of kinds) {
      const { buyer, requirements } = await freshPayment(
        context,
        kind.extra ? { extra: { ...context.requirements().extra, ...kind.extra } } : {},
      );
      const payload = await context.signExactPayment({ buyer: buyer.account, requirements });
      const verdict = readVerifyResponse(
        context,
        await facilitator.verify(facilitator.body(payload, requirements)),
      );
      expect.that(
        verdict.isValid,
        `listed kind ${JSON.stringify(kind)} is refused by /verify: ${verdict.invalidReason}`,
      );
    }
  },
});
