import type { Hex } from "viem";
import { freshPayment, readSettleResponse } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.settle.concurrent-distinct",
  spec: ["v2 §7.2"],
  rationale:
    "Settle executes each verified payment; three valid payments settled at the same moment must all be executed, so the facilitator's own transactions must not collide (its account's nonce is its own concern).",
  level: "SHOULD",
  role: "facilitator",
  description: "Three different valid payments settled at the same time all succeed and all move money.",
  run: async (context) => {
    const payments = await Promise.all(
      [0, 1, 2].map(async () => {
        const { buyer, requirements } = await freshPayment(context);
        return {
          buyer,
          requirements,
          payload: await context.signExactPayment({ buyer: buyer.account, requirements }),
        };
      }),
    );
    const expectations = payments.flatMap(({ buyer, requirements }, i) => [
      { address: buyer.address, delta: -BigInt(requirements.amount), label: `buyer ${i + 1}` },
      { address: requirements.payTo as Hex, delta: BigInt(requirements.amount), label: `payTo ${i + 1}` },
    ]);
    await context.expect.balanceChanges(expectations, async () => {
      const results = await Promise.all(
        payments.map((p) => context.facilitator.settle(context.facilitator.body(p.payload, p.requirements))),
      );
      const failed = results
        .map((r) => readSettleResponse(context, r))
        .map((a, i) => (a.success ? undefined : `payment ${i + 1}: ${a.errorReason ?? "no reason"}`))
        .filter(Boolean);
      context.expect.that(failed.length === 0, `concurrent settlements failed: ${failed.join("; ")}`);
    });
  },
});
