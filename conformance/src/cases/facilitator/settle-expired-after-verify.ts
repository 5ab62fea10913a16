import type { Hex } from "viem";
import { expectSettleFailed, freshPayment, readVerifyResponse } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.settle.expired-after-verify",
  spec: ["v2 §6.1.2 (4)", "v2 §7.2", "exact-evm §1 Phase 3"],
  rationale:
    "EIP-3009, as USDC implements it, requires block.timestamp < validBefore: an authorization that expired between verify and settle must be refused, not broadcast to revert.",
  level: "MUST",
  role: "facilitator",
  refused: true,
  movesClock: true,
  description:
    "A payment verified in time but settled after validBefore (chain clock moved) fails and moves nothing.",
  run: async (context) => {
    const { chain } = context;
    const { buyer, requirements } = await freshPayment(context);
    const wall = BigInt(Math.floor(Date.now() / 1000));
    const now = await chain.now();
    const validBefore = (now > wall ? now : wall) + 30n;
    const payload = await context.signExactPayment({
      buyer: buyer.account,
      requirements,
      overrides: { authorization: { validBefore } },
    });
    const verdict = readVerifyResponse(
      context,
      await context.facilitator.verify(context.facilitator.body(payload, requirements)),
    );
    context.expect.that(
      verdict.isValid,
      `the payment should verify before the clock moves (${verdict.invalidReason})`,
    );
    await chain.increaseTime(Number(validBefore - (await chain.now())) + 5);
    await context.expect.balanceChanges(
      [
        { address: buyer.address, delta: 0n, label: "buyer" },
        { address: requirements.payTo as Hex, delta: 0n, label: "payTo" },
      ],
      async () =>
        expectSettleFailed(
          context,
          await context.facilitator.settle(context.facilitator.body(payload, requirements)),
        ),
    );
  },
});
