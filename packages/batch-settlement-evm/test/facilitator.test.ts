import { startTestChain, type TestChain } from "@x402kit/testchain";
import type { PaymentRequirements } from "@x402kit/types";
import { type LocalAccount, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BatchSettlementEvmFacilitatorReturnType,
  batchSettlementEvmFacilitator,
} from "../src/facilitator/batchSettlementEvmFacilitator.js";
import { readChannelState } from "../src/facilitator/readChannelState.js";
import { computeChannelId } from "../src/utils/computeChannelId.js";
import { signRefund } from "../src/utils/signRefund.js";
import {
  broadcasts,
  channelRequirements,
  claimPayload,
  openChannel,
  serverPayment,
} from "./channelFixture.js";

// One chain for the file. The server's receiver authorizer is its own key; the facilitator has another, to which
// servers may delegate claims.
let chain: TestChain;
let facilitator: BatchSettlementEvmFacilitatorReturnType;
let requirements: PaymentRequirements;
const serverAuthorizer = privateKeyToAccount(generatePrivateKey());
const facilitatorAuthorizer = privateKeyToAccount(generatePrivateKey());
let payer: LocalAccount;

beforeAll(async () => {
  chain = await startTestChain({ buyers: 2 });
  payer = chain.accounts.buyers[0]!.account;
  facilitator = batchSettlementEvmFacilitator({
    networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer: chain.accounts.facilitator.account } },
    receiverAuthorizer: facilitatorAuthorizer,
    pollingIntervalMs: 50,
  });
  requirements = channelRequirements(chain, serverAuthorizer.address);
});

afterAll(async () => {
  await chain?.stop();
});

const usdc = () => chain.usdc.address;
const state = (channelId: `0x${string}`) => readChannelState({ client: chain.publicClient, channelId });

describe("batchSettlementEvmFacilitator: GET /supported", () => {
  it("announces the kind with its receiver authorizer, and its signer", () => {
    expect(facilitator.supportedKinds()).toEqual([
      {
        x402Version: 2,
        scheme: "batch-settlement",
        network: chain.network,
        extra: { receiverAuthorizer: facilitatorAuthorizer.address },
      },
    ]);
    expect(facilitator.signers()).toEqual({ [chain.network]: [chain.accounts.facilitator.address] });
  });
});

describe("batchSettlementEvmFacilitator: deposit, vouchers, claim, sweep", () => {
  it("deposits, verifies vouchers against the channel, claims once, and sweeps to the receiver, to the unit", async () => {
    const channel = openChannel(chain, payer, requirements);
    const payerBefore = await chain.balanceOf(usdc(), payer.address);
    const sellerBefore = await chain.balanceOf(usdc(), chain.accounts.seller.address);

    const deposit = channel.payment(await channel.deposit(10_000n, 1_000n));
    expect(await facilitator.verify(deposit)).toMatchObject({
      isValid: true,
      payer: payer.address,
      extra: {
        channelId: channel.channelId,
        balance: "0",
        totalClaimed: "0",
        withdrawRequestedAt: 0,
        refundNonce: "0",
      },
    });
    const sent = broadcasts();
    const settled = await facilitator.settle(deposit, sent.context);
    expect(settled).toMatchObject({
      success: true,
      amount: "10000",
      payer: payer.address,
      extra: { channelState: { channelId: channel.channelId, balance: "10000", totalClaimed: "0" } },
    });
    expect(sent.hashes).toEqual([settled.transaction]);
    expect(await chain.balanceOf(usdc(), payer.address)).toBe(payerBefore - 10_000n);

    // The same deposit again: the token refuses the used authorization in simulation; nothing is sent.
    const again = broadcasts();
    expect(await facilitator.settle(deposit, again.context)).toMatchObject({
      success: false,
      errorReason: "invalid_batch_settlement_evm_deposit_simulation_failed",
      transaction: "",
    });
    expect(again.hashes).toEqual([]);

    // Vouchers: the next one is fine; one beyond the deposit, or forged, is refused.
    expect(await facilitator.verify(channel.payment(await channel.voucherPayload(2_000n)))).toMatchObject({
      isValid: true,
      extra: { balance: "10000" },
    });
    expect(await facilitator.verify(channel.payment(await channel.voucherPayload(10_001n)))).toMatchObject({
      isValid: false,
      invalidReason: "invalid_batch_settlement_evm_cumulative_exceeds_balance",
    });
    const forged = {
      type: "voucher" as const,
      channelConfig: channel.config,
      voucher: await channel.voucher(2_000n, chain.accounts.buyers[1]!.account),
    };
    expect(await facilitator.verify(channel.payment(forged))).toMatchObject({
      isValid: false,
      invalidReason: "invalid_batch_settlement_evm_voucher_signature",
    });
    // A voucher is the server's to keep: the facilitator does not settle it.
    expect(
      await facilitator.settle(channel.payment(await channel.voucherPayload(2_000n)), broadcasts().context),
    ).toMatchObject({
      success: false,
      errorReason: "invalid_batch_settlement_evm_payload_type",
    });

    // The server claims 3 000 with its own authorizer's signature.
    const rows = [await channel.claimRow(3_000n)];
    const claim = serverPayment(chain, await claimPayload(chain, rows, serverAuthorizer));
    expect(await facilitator.settle(claim, broadcasts().context)).toMatchObject({
      success: true,
      amount: "",
    });
    expect(await state(channel.channelId)).toMatchObject({ balance: 10_000n, totalClaimed: 3_000n });
    // The same claim again moves nothing, so it is refused before any transaction.
    const repeated = broadcasts();
    expect(await facilitator.settle(claim, repeated.context)).toMatchObject({
      success: false,
      errorReason: "invalid_batch_settlement_evm_claim_payload",
    });
    expect(repeated.hashes).toEqual([]);
    // A stale voucher (at or below what was claimed) no longer verifies.
    expect(await facilitator.verify(channel.payment(await channel.voucherPayload(3_000n)))).toMatchObject({
      isValid: false,
      invalidReason: "invalid_batch_settlement_evm_cumulative_below_claimed",
    });

    const swept = await facilitator.settle(
      serverPayment(chain, { type: "settle", receiver: chain.accounts.seller.address, token: usdc() }),
      broadcasts().context,
    );
    expect(swept).toMatchObject({ success: true, amount: "3000" });
    expect(await chain.balanceOf(usdc(), chain.accounts.seller.address)).toBe(sellerBefore + 3_000n);
    expect(
      await facilitator.settle(
        serverPayment(chain, { type: "settle", receiver: chain.accounts.seller.address, token: usdc() }),
        broadcasts().context,
      ),
    ).toMatchObject({ success: false, errorReason: "invalid_batch_settlement_evm_nothing_to_settle" });
  });

  it("refuses a deposit on other terms than the requirements', each with its reason and no transaction", async () => {
    const channel = openChannel(chain, payer, requirements);
    const payload = await channel.deposit(1_000n, 1_000n);
    const cases: [Partial<PaymentRequirements>, string][] = [
      [{ payTo: chain.accounts.buyers[1]!.address }, "invalid_batch_settlement_evm_receiver_mismatch"],
      [{ asset: chain.accounts.seller.address }, "invalid_batch_settlement_evm_token_mismatch"],
      [
        { extra: { ...requirements.extra, receiverAuthorizer: facilitatorAuthorizer.address } },
        "invalid_batch_settlement_evm_receiver_authorizer_mismatch",
      ],
      [
        { extra: { ...requirements.extra, withdrawDelay: 1_000 } },
        "invalid_batch_settlement_evm_withdraw_delay_mismatch",
      ],
    ];
    for (const [override, reason] of cases) {
      const other = { ...requirements, ...override };
      expect(await facilitator.verify(channel.payment(payload, other)), reason).toMatchObject({
        isValid: false,
        invalidReason: reason,
      });
    }
    const mismatched = { ...payload, voucher: { ...payload.voucher, channelId: toHex(1, { size: 32 }) } };
    expect(await facilitator.verify(channel.payment(mismatched))).toMatchObject({
      isValid: false,
      invalidReason: "invalid_batch_settlement_evm_channel_id_mismatch",
    });
    const expired = await channel.deposit(1_000n, 1_000n, (await chain.now()) + 2n);
    expect(await facilitator.verify(channel.payment(expired))).toMatchObject({
      isValid: false,
      invalidReason: "invalid_batch_settlement_evm_payload_authorization_valid_before",
    });
    const tooMuch = await channel.deposit(1_000n, 1_001n);
    expect(await facilitator.verify(channel.payment(tooMuch))).toMatchObject({
      isValid: false,
      invalidReason: "invalid_batch_settlement_evm_cumulative_exceeds_balance",
    });
    const rich = await channel.deposit(10n ** 12n, 1_000n);
    expect(await facilitator.verify(channel.payment(rich))).toMatchObject({
      isValid: false,
      invalidReason: "invalid_batch_settlement_evm_insufficient_balance",
    });
    expect(await facilitator.verify(channel.payment(await channel.voucherPayload(1n)))).toMatchObject({
      isValid: false,
      invalidReason: "invalid_batch_settlement_evm_channel_not_found",
    });
    expect(await state(channel.channelId)).toMatchObject({ balance: 0n });
  });
});

describe("batchSettlementEvmFacilitator: refunds and delegated claims", () => {
  it("claims what the server earned and refunds the rest in one transaction, once per nonce", async () => {
    const requirementsDelegated = channelRequirements(chain, facilitatorAuthorizer.address);
    const channel = openChannel(chain, payer, requirementsDelegated);
    await facilitator.settle(channel.payment(await channel.deposit(5_000n, 1_000n)), broadcasts().context);
    const payerBefore = await chain.balanceOf(usdc(), payer.address);

    // Delegated: the server sends no claim signature, the facilitator's authorizer signs the claim.
    const rows = [await channel.claimRow(1_500n)];
    const refund = serverPayment(chain, {
      type: "refund",
      channelConfig: channel.config,
      voucher: await channel.voucher(1_500n),
      amount: "5000",
      refundNonce: "0",
      claims: rows,
    });
    // Refunds are not signed for others unless the facilitator allows it.
    expect(await facilitator.settle(refund, broadcasts().context)).toMatchObject({
      success: false,
      errorReason: "invalid_batch_settlement_evm_authorizer_address_mismatch",
    });
    const refundSignature = await signRefund({
      account: facilitatorAuthorizer,
      channelId: channel.channelId,
      nonce: 0n,
      amount: 5_000n,
      chainId: chain.chainId,
    });
    const signedRefund = serverPayment(chain, {
      ...(refund.payload.payload as object),
      refundAuthorizerSignature: refundSignature,
    });
    const refunded = await facilitator.settle(signedRefund, broadcasts().context);
    expect(refunded).toMatchObject({
      success: true,
      amount: "3500",
      payer: payer.address,
      extra: { channelState: { balance: "1500", totalClaimed: "1500", refundNonce: "1" } },
    });
    expect(await chain.balanceOf(usdc(), payer.address)).toBe(payerBefore + 3_500n);
    // The same refund again: its nonce is spent.
    expect(await facilitator.settle(signedRefund, broadcasts().context)).toMatchObject({
      success: false,
      errorReason: "invalid_batch_settlement_evm_refund_payload",
    });
    const delegatedClaimChannel = computeChannelId({ config: channel.config, chainId: chain.chainId });
    expect(await state(delegatedClaimChannel)).toMatchObject({
      balance: 1_500n,
      totalClaimed: 1_500n,
      refundNonce: 1n,
    });
  });
});
