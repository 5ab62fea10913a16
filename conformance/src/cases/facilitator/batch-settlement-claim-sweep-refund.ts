import {
  batchSettlementKind,
  escrowAddress,
  newChannel,
  serverRequest,
} from "../../context/batchSettlementPayments.js";
import { expectSettleFailed, readSettleResponse } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.batch-settlement.claim-sweep-refund",
  spec: [
    "batch-evm POST /settle (claim, settle, refund)",
    "batch-evm Claim & Settlement Strategy",
    "batch-evm Cooperative refund flow",
  ],
  rationale:
    "A repeated claim raises no channel's claimed total: whether the facilitator refuses it or sends it, the receiver must not be credited twice, which the sweep's transfer shows.",
  level: "MUST",
  role: "facilitator",
  description:
    "A claim moves no tokens, a repeated one credits nothing, a sweep pays exactly what was claimed, and a refund returns exactly the unclaimed rest.",
  run: async (context) => {
    await batchSettlementKind(context);
    const channel = await newChannel(context);
    const settle = (payload: Record<string, unknown>) => {
      const { payload: body, requirements } = serverRequest(channel, payload);
      return context.facilitator.settle(context.facilitator.body(body, requirements));
    };
    const deposited = readSettleResponse(
      context,
      await context.facilitator.settle(
        context.facilitator.body(await channel.deposit(10_000n, 1_000n), channel.requirements),
      ),
    );
    context.expect.equal(deposited.success, true, `deposit (${deposited.errorReason ?? ""})`);

    const claim = await channel.claim(3_000n);
    const claimed = await context.expect.balanceChanges(
      [
        { address: escrowAddress, delta: 0n, label: "escrow" },
        { address: channel.receiver, delta: 0n, label: "receiver" },
      ],
      async () => readSettleResponse(context, await settle(claim)),
    );
    context.expect.equal(claimed.success, true, `claim (${claimed.errorReason ?? ""})`);
    context.expect.equal(
      (await channel.state()).totalClaimed,
      3_000n,
      "totalClaimed on-chain after the claim",
    );

    // The same claim again: refused or sent, it must credit nothing (the sweep below moves exactly 3 000).
    const again = readSettleResponse(context, await settle(claim), "POST /settle (repeated claim)");
    if (again.success) context.warn("a repeated claim was sent as a transaction that claims nothing");
    const swept = await context.expect.balanceChanges(
      [
        { address: escrowAddress, delta: -3_000n, label: "escrow" },
        { address: channel.receiver, delta: 3_000n, label: "receiver" },
      ],
      async () => readSettleResponse(context, await settle(channel.sweep())),
    );
    context.expect.equal(swept.success, true, `sweep (${swept.errorReason ?? ""})`);
    if (swept.amount !== undefined && swept.amount !== "")
      context.expect.equal(swept.amount, "3000", "sweep amount");
    await context.expect.balanceChanges(
      [{ address: channel.receiver, delta: 0n, label: "receiver" }],
      async () =>
        expectSettleFailed(
          context,
          await settle(channel.sweep()),
          ["invalid_batch_settlement_evm_nothing_to_settle"],
          "POST /settle (sweep again)",
        ),
    );

    // The server charged 4 000 in all: the refund claims the last 1 000 and returns the other 6 000.
    const refunded = await context.expect.balanceChanges(
      [
        { address: channel.buyer.address, delta: 6_000n, label: "payer" },
        { address: escrowAddress, delta: -6_000n, label: "escrow" },
      ],
      async () => readSettleResponse(context, await settle(await channel.refund(4_000n, 6_000n))),
    );
    context.expect.equal(refunded.success, true, `refund (${refunded.errorReason ?? ""})`);
    const state = await channel.state();
    context.expect.equal(state.totalClaimed, 4_000n, "totalClaimed after the refund's claim");
    context.expect.equal(state.balance, 4_000n, "balance after the refund");
  },
});
