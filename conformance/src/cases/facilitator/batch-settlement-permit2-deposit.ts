import { batchSettlementKind, escrowAddress, newChannel } from "../../context/batchSettlementPayments.js";
import {
  expectRejected,
  expectSettleFailed,
  readSettleResponse,
  readVerifyResponse,
} from "../../context/facilitatorChecks.js";
import { newPermit2Buyer, preparePermit2 } from "../../context/permit2Payments.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.batch-settlement.permit2-deposit",
  spec: [
    "batch-evm Channel creation and deposits",
    "batch-evm Deposit Payload",
    "batch-evm POST /settle (deposit)",
    "batch-evm Error Codes",
  ],
  rationale:
    "Permit2 is the scheme's universal deposit method for tokens without EIP-3009: a facilitator that announces batch-settlement should fund a channel from a Permit2 authorization to the canonical collector, and never twice from one.",
  level: "SHOULD",
  role: "facilitator",
  description:
    "A Permit2 deposit to the Permit2 collector funds the channel with exactly its amount; a replayed one, or one without a Permit2 allowance, moves nothing.",
  run: async (context) => {
    await batchSettlementKind(context);
    const token = await preparePermit2(context);
    const buyer = await newPermit2Buyer(context, token, { approved: true });
    const channel = await newChannel(context, { permit2: { token, buyer } });
    const deposit = await channel.permit2Deposit(10_000n, 1_000n);
    const verified = readVerifyResponse(
      context,
      await context.facilitator.verify(context.facilitator.body(deposit, channel.requirements)),
    );
    context.expect.that(
      verified.isValid === true,
      `verify Permit2 deposit: isValid ${verified.isValid} (${verified.invalidReason})`,
    );
    const settled = await context.expect.balanceChanges(
      [
        { address: buyer.address, delta: -10_000n, label: "payer", token: token.address },
        { address: escrowAddress, delta: 10_000n, label: "escrow", token: token.address },
      ],
      async () =>
        readSettleResponse(
          context,
          await context.facilitator.settle(context.facilitator.body(deposit, channel.requirements)),
        ),
    );
    context.expect.equal(settled.success, true, `settle Permit2 deposit (${settled.errorReason ?? ""})`);

    // The same authorization again: Permit2's nonce is spent.
    await context.expect.balanceChanges(
      [{ address: escrowAddress, delta: 0n, label: "escrow", token: token.address }],
      async () =>
        expectSettleFailed(
          context,
          await context.facilitator.settle(context.facilitator.body(deposit, channel.requirements)),
          undefined,
          "POST /settle (the same Permit2 deposit again)",
        ),
    );
    // A payer that never approved Permit2.
    const unapproved = await newChannel(context, {
      permit2: { token, buyer: await newPermit2Buyer(context, token, { approved: false }) },
    });
    expectRejected(
      context,
      await context.facilitator.verify(
        context.facilitator.body(await unapproved.permit2Deposit(10_000n, 1_000n), unapproved.requirements),
      ),
      ["invalid_batch_settlement_evm_permit2_allowance_required"],
      "POST /verify (no Permit2 allowance)",
    );
  },
});
