import { supportedResponseSchema } from "@x402kit/types";
import { solanaOf } from "../../context/svmChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.svm.supported",
  spec: ["v2 §7.3", "exact-svm PaymentRequirements (extra.feePayer)", "v2 §11.1"],
  level: "MUST",
  role: "facilitator",
  family: "solana",
  description:
    "GET /supported lists exact on the Solana network with extra.feePayer, a fee payer of the facilitator.",
  run: async (context) => {
    const solana = solanaOf(context);
    const result = await context.facilitator.supported();
    context.expect.status(result, 200, "GET /supported");
    const body = context.expect.schema(supportedResponseSchema, result.json, "GET /supported");
    const kind = body.kinds.find(
      (k) => k.x402Version === 2 && k.scheme === "exact" && k.network === solana.chain.network,
    );
    context.expect.that(
      kind,
      `no {x402Version: 2, scheme: "exact", network: "${solana.chain.network}"} kind`,
    );
    context.expect.equal(
      (kind?.extra as { feePayer?: unknown } | undefined)?.feePayer,
      solana.chain.feePayer,
      "the kind's extra.feePayer (the fee payer the suite gave: SVM_FEE_PAYER_KEY)",
    );
  },
});
