import type { Hex } from "viem";
import { freshPayment, judgeRepeatedSettles, readSettleResponse } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.settle.concurrent-duplicates",
  spec: ["v2 §10.1", "v2 §7.2"],
  rationale:
    "Replays stop on-chain at the nonce, but a facilitator that broadcasts one authorization twice pays gas for the loser and may report two successes for one payment: the suite requires one transfer and one success.",
  level: "MUST",
  role: "facilitator",
  description:
    "Five identical settles sent at once make one transfer; at most one answer reports it as a new success.",
  run: async (context) => {
    const { buyer, requirements } = await freshPayment(context);
    const payload = await context.signExactPayment({ buyer: buyer.account, requirements });
    const body = context.facilitator.body(payload, requirements);
    const amount = BigInt(requirements.amount);
    const answers = await context.expect.balanceChanges(
      [
        { address: buyer.address, delta: -amount, label: "buyer" },
        { address: requirements.payTo as Hex, delta: amount, label: "payTo" },
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
