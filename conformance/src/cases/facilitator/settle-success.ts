import type { Hex } from "viem";
import { freshPayment, settleValid } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.settle.success",
  spec: ["v2 §7.2", "v2 §5.3", "exact-evm §1 Phase 3"],
  level: "MUST",
  role: "facilitator",
  description: "Settling a valid payment moves exactly the amount from the payer to payTo and says success.",
  run: async (context) => {
    const { buyer, requirements } = await freshPayment(context);
    const payload = await context.signExactPayment({ buyer: buyer.account, requirements });
    const amount = BigInt(requirements.amount);
    await context.expect.balanceChanges(
      [
        { address: buyer.address, delta: -amount, label: "buyer" },
        { address: requirements.payTo as Hex, delta: amount, label: "payTo" },
      ],
      () => settleValid(context, payload, requirements, buyer),
    );
  },
});
