import type { PaymentRequirements } from "@x402kit/types";
import { batchSettlementKind, newChannel } from "../../context/batchSettlementPayments.js";
import { expectRejected } from "../../context/facilitatorChecks.js";
import { defineCase } from "../../defineCase.js";

export default defineCase({
  id: "facilitator.batch-settlement.rejects-terms",
  spec: ["batch-evm Verification Rules (1-6)", "batch-evm Error Codes"],
  level: "MUST",
  role: "facilitator",
  description:
    "A payment on other terms (receiver, token, authorizer, withdraw delay), with a channel id its config does not hash to, or signed by another, is invalid.",
  run: async (context) => {
    await batchSettlementKind(context);
    const channel = await newChannel(context);
    const deposit = await channel.deposit(5_000n, 1_000n);
    const { requirements } = channel;
    const extra = requirements.extra as Record<string, unknown>;
    const other = context.newAddress();
    const cases: [string, PaymentRequirements, string][] = [
      ["receiver", { ...requirements, payTo: other }, "invalid_batch_settlement_evm_receiver_mismatch"],
      [
        "token",
        { ...requirements, asset: context.chain.otherToken.address },
        "invalid_batch_settlement_evm_token_mismatch",
      ],
      [
        "receiver authorizer",
        { ...requirements, extra: { ...extra, receiverAuthorizer: other } },
        "invalid_batch_settlement_evm_receiver_authorizer_mismatch",
      ],
      [
        "withdraw delay",
        { ...requirements, extra: { ...extra, withdrawDelay: 1_800 } },
        "invalid_batch_settlement_evm_withdraw_delay_mismatch",
      ],
    ];
    for (const [what, req, reason] of cases)
      expectRejected(
        context,
        await context.facilitator.verify(context.facilitator.body({ ...deposit, accepted: req }, req)),
        [reason],
        `POST /verify (another ${what})`,
      );
    const body = deposit.payload as { voucher: { channelId: string } };
    const renamed = {
      ...deposit,
      payload: { ...body, voucher: { ...body.voucher, channelId: `0x${"11".repeat(32)}` } },
    };
    expectRejected(
      context,
      await context.facilitator.verify(context.facilitator.body(renamed, requirements)),
      ["invalid_batch_settlement_evm_channel_id_mismatch"],
      "POST /verify (channel id not the config's)",
    );
    const stranger = await context.newBuyer({ usdc: 0n });
    const forged = await channel.voucherPayment(1_000n, stranger.account);
    const forgedDeposit = {
      ...deposit,
      payload: { ...body, voucher: (forged.payload as { voucher: unknown }).voucher },
    };
    expectRejected(
      context,
      await context.facilitator.verify(context.facilitator.body(forgedDeposit, requirements)),
      ["invalid_batch_settlement_evm_voucher_signature"],
      "POST /verify (voucher signed by another key)",
    );
  },
});
