import type { Address } from "viem";
import { readSettleResponse } from "../../context/facilitatorChecks.js";
import {
  newPermit2Buyer,
  permit2Reasons,
  permit2Requirements,
  preparePermit2,
  requirePermit2Support,
  signPermit2Payment,
} from "../../context/permit2Payments.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.permit2.settle-success",
  spec: ["exact-evm §2 Phase 4", "v2 §7.2", "v2 §10.1"],
  level: "MUST",
  role: "facilitator",
  description: "A Permit2 payment settles for exactly its amount, to payTo; settling it again moves nothing.",
  run: async (context) => {
    const token = await preparePermit2(context);
    await requirePermit2Support(context, token);
    const buyer = await newPermit2Buyer(context, token, { approved: true });
    const requirements = permit2Requirements(context, token);
    const payload = await signPermit2Payment({ chain: context.chain, buyer: buyer.account, requirements });
    const body = context.facilitator.body(payload, requirements);
    const amount = BigInt(requirements.amount);
    const payTo = requirements.payTo as Address;
    const settled = await context.expect.balanceChanges(
      [
        { address: buyer.address, delta: -amount, label: "buyer", token: token.address },
        { address: payTo, delta: amount, label: "payTo", token: token.address },
      ],
      async () => readSettleResponse(context, await context.facilitator.settle(body)),
    );
    context.expect.equal(settled.success, true, `success (${settled.errorReason ?? ""})`);
    const transfers = await context.chain.transfersOf(settled.transaction as `0x${string}`);
    context.expect.that(transfers !== undefined, `transaction ${settled.transaction} is not on-chain`);

    const again = await context.expect.balanceChanges(
      [
        { address: buyer.address, delta: 0n, label: "buyer", token: token.address },
        { address: payTo, delta: 0n, label: "payTo", token: token.address },
      ],
      async () =>
        readSettleResponse(context, await context.facilitator.settle(body), "POST /settle (replay)"),
    );
    if (again.success)
      context.expect.equal(
        again.transaction,
        settled.transaction,
        "a replay may only repeat the first outcome",
      );
    else context.expect.reason(again.errorReason, permit2Reasons.nonceUsed, "replay errorReason");
  },
});
