import { batchSettlementKind, escrowAddress, newChannel } from "../../context/batchSettlementPayments.js";
import {
  expectRejected,
  expectSettleFailed,
  readSettleResponse,
  readVerifyResponse,
} from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.batch-settlement.deposit-and-vouchers",
  spec: [
    "batch-evm POST /settle (deposit)",
    "batch-evm Verification Rules (7, 9)",
    "batch-evm POST /verify",
    "batch-evm Deposit Payload",
  ],
  rationale:
    "A voucher is the resource server's to keep and claim later; the facilitator's /settle takes deposit, claim, settle and refund payloads only, so a voucher settle must move nothing.",
  level: "MUST",
  role: "facilitator",
  description:
    "A deposit moves exactly its amount into the escrow; a voucher within the channel verifies, one beyond it does not; a voucher is never settled.",
  run: async (context) => {
    await batchSettlementKind(context);
    const channel = await newChannel(context);
    const deposit = await channel.deposit(10_000n, 1_000n);
    const verified = readVerifyResponse(
      context,
      await context.facilitator.verify(context.facilitator.body(deposit, channel.requirements)),
    );
    context.expect.that(
      verified.isValid === true,
      `verify deposit: isValid ${verified.isValid} (${verified.invalidReason})`,
    );
    const snapshot = (verified as { extra?: { channelId?: string; balance?: string } }).extra;
    context.expect.equal(snapshot?.channelId?.toLowerCase(), channel.channelId, "verify extra.channelId");
    context.expect.equal(snapshot?.balance, "0", "verify extra.balance before the deposit");

    const settled = await context.expect.balanceChanges(
      [
        { address: channel.buyer.address, delta: -10_000n, label: "payer" },
        { address: escrowAddress, delta: 10_000n, label: "escrow" },
      ],
      async () =>
        readSettleResponse(
          context,
          await context.facilitator.settle(context.facilitator.body(deposit, channel.requirements)),
        ),
    );
    context.expect.equal(settled.success, true, `settle deposit (${settled.errorReason ?? ""})`);
    context.expect.that(
      /^0x[0-9a-fA-F]{64}$/.test(settled.transaction),
      "settle deposit: a transaction hash",
    );
    const state = (settled as { extra?: { channelState?: { balance?: string } } }).extra?.channelState;
    context.expect.equal(state?.balance, "10000", "settle extra.channelState.balance");

    const within = await channel.voucherPayment(2_000n);
    const ok = readVerifyResponse(
      context,
      await context.facilitator.verify(context.facilitator.body(within, channel.requirements)),
    );
    context.expect.that(ok.isValid === true, `verify voucher: isValid ${ok.isValid} (${ok.invalidReason})`);
    expectRejected(
      context,
      await context.facilitator.verify(
        context.facilitator.body(await channel.voucherPayment(10_001n), channel.requirements),
      ),
      ["invalid_batch_settlement_evm_cumulative_exceeds_balance"],
      "POST /verify (voucher beyond the deposit)",
    );
    await context.expect.balanceChanges([{ address: escrowAddress, delta: 0n, label: "escrow" }], async () =>
      expectSettleFailed(
        context,
        await context.facilitator.settle(context.facilitator.body(within, channel.requirements)),
        ["invalid_batch_settlement_evm_payload_type"],
        "POST /settle (a voucher)",
      ),
    );
  },
});
