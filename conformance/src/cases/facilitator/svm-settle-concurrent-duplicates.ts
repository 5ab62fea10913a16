import type { Address } from "@solana/kit";
import { judgeRepeatedSettles, readSettleResponse } from "../../context/facilitatorChecks.js";
import { freshSvmPayment, svmBalanceChanges } from "../../context/svmChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.svm.settle.concurrent-duplicates",
  spec: ["exact-svm Duplicate Settlement Mitigation", "v2 §10.1"],
  level: "SHOULD",
  role: "facilitator",
  family: "solana",
  description:
    "Five identical Solana settles sent at once make one transfer; at most one answer reports it as a new success.",
  run: async (context) => {
    const { solana, buyer, requirements } = await freshSvmPayment(context);
    const payload = await solana.signExactPayment({ buyer, requirements });
    const body = context.facilitator.body(payload, requirements);
    const amount = BigInt(requirements.amount);
    const answers = await svmBalanceChanges(
      context,
      solana.chain,
      [
        { owner: buyer.address, delta: -amount, label: "buyer" },
        { owner: requirements.payTo as Address, delta: amount, label: "payTo" },
      ],
      async () => {
        const results = await Promise.all(Array.from({ length: 5 }, () => context.facilitator.settle(body)));
        return results.map((r) => readSettleResponse(context, r));
      },
    );
    context.expect.that(
      answers.some((a) => a.success),
      "none of the duplicate settles reported the transfer that happened",
    );
    judgeRepeatedSettles(context, { answers, fresh: 1, what: "5 duplicates" });
  },
});
