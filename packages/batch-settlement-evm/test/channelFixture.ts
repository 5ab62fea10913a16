import type { SchemePaymentParameters } from "@x402kit/core";
import type { TestChain } from "@x402kit/testchain";
import type { PaymentRequirements } from "@x402kit/types";
import { type Address, type Hex, type LocalAccount, toHex } from "viem";
import { signErc3009Deposit } from "../src/client/signErc3009Deposit.js";
import { signPermit2Deposit } from "../src/client/signPermit2Deposit.js";
import { signVoucher } from "../src/client/signVoucher.js";
import type {
  ChannelConfig,
  ClientPayload,
  Permit2DepositAuthorization,
  VoucherClaim,
} from "../src/schemas.js";
import { computeChannelId } from "../src/utils/computeChannelId.js";
import { signClaimBatch } from "../src/utils/signClaimBatch.js";

/** Requirements of a batch-settlement route on the test chain: MockUSDC, price `amount`, the seller as receiver. */
export function channelRequirements(
  chain: TestChain,
  receiverAuthorizer: Address,
  overrides: Partial<PaymentRequirements> = {},
): PaymentRequirements {
  return {
    scheme: "batch-settlement",
    network: chain.network,
    amount: "1000",
    asset: chain.usdc.address,
    payTo: chain.accounts.seller.address,
    maxTimeoutSeconds: 300,
    extra: { receiverAuthorizer, withdrawDelay: 900, name: chain.usdc.name, version: chain.usdc.version },
    ...overrides,
  };
}

let salts = 0;

/**
 * A payer's channel on the requirements' terms, with helpers to sign its deposits and vouchers. `payerAuthorizer`
 * defaults to the payer; zero commits the vouchers to the payer's own EIP-1271 check (a smart wallet).
 */
export function openChannel(
  chain: TestChain,
  payer: LocalAccount,
  requirements: PaymentRequirements,
  options: { payerAuthorizer?: Address } = {},
) {
  const config: ChannelConfig = {
    payer: payer.address,
    payerAuthorizer: options.payerAuthorizer ?? payer.address,
    receiver: requirements.payTo,
    receiverAuthorizer: (requirements.extra as { receiverAuthorizer: string }).receiverAuthorizer,
    token: requirements.asset,
    withdrawDelay: 900,
    salt: toHex(++salts + 1_000 * process.pid, { size: 32 }),
  };
  const channelId = computeChannelId({ config, chainId: chain.chainId });
  const voucher = async (maxClaimableAmount: bigint, signer: LocalAccount = payer) => ({
    channelId,
    maxClaimableAmount: maxClaimableAmount.toString(),
    signature: await signVoucher({ account: signer, channelId, maxClaimableAmount, chainId: chain.chainId }),
  });
  const payment = (
    payload: ClientPayload,
    req: PaymentRequirements = requirements,
  ): SchemePaymentParameters => ({
    payload: { x402Version: 2, accepted: req, payload },
    requirements: req,
  });
  return {
    config,
    channelId,
    voucher,
    payment,
    async deposit(amount: bigint, maxClaimableAmount: bigint, validBefore?: bigint): Promise<ClientPayload> {
      const authorization = await signErc3009Deposit({
        account: payer,
        token: chain.usdc,
        chainId: chain.chainId,
        channelId,
        amount,
        validBefore: validBefore ?? (await chain.now()) + 600n,
      });
      return {
        type: "deposit",
        channelConfig: config,
        voucher: await voucher(maxClaimableAmount),
        deposit: { amount: amount.toString(), authorization: { erc3009Authorization: authorization } },
      };
    },
    /** A deposit through Permit2 (the requirements' asset), its authorization changed by `change` (for refusals). */
    async permit2Deposit(
      amount: bigint,
      maxClaimableAmount: bigint,
      change: (authorization: Permit2DepositAuthorization) => Permit2DepositAuthorization = (a) => a,
    ): Promise<ClientPayload> {
      const authorization = await signPermit2Deposit({
        account: payer,
        token: requirements.asset as Address,
        chainId: chain.chainId,
        channelId,
        amount,
        deadline: (await chain.now()) + 600n,
      });
      return {
        type: "deposit",
        channelConfig: config,
        voucher: await voucher(maxClaimableAmount),
        deposit: {
          amount: amount.toString(),
          authorization: { permit2Authorization: change(authorization) },
        },
      };
    },
    async voucherPayload(maxClaimableAmount: bigint): Promise<ClientPayload> {
      return { type: "voucher", channelConfig: config, voucher: await voucher(maxClaimableAmount) };
    },
    async claimRow(maxClaimableAmount: bigint, totalClaimed = maxClaimableAmount): Promise<VoucherClaim> {
      const { signature } = await voucher(maxClaimableAmount);
      return {
        voucher: { channel: config, maxClaimableAmount: maxClaimableAmount.toString() },
        signature,
        totalClaimed: totalClaimed.toString(),
      };
    },
  };
}

/** A settle of a server-side payload (claim, settle, refund) with the minimal requirements a channel manager sends. */
export function serverPayment(
  chain: TestChain,
  payload: Record<string, unknown>,
  payTo?: Address,
): SchemePaymentParameters {
  const requirements: PaymentRequirements = {
    scheme: "batch-settlement",
    network: chain.network,
    amount: "0",
    asset: chain.usdc.address,
    payTo: payTo ?? chain.accounts.seller.address,
    maxTimeoutSeconds: 0,
    extra: {},
  };
  return { payload: { x402Version: 2, accepted: requirements, payload }, requirements };
}

/** Records the hashes that settle hands to `onBroadcast`, as a facilitator's store would. */
export function broadcasts() {
  const hashes: Hex[] = [];
  return { hashes, context: { onBroadcast: async (hash: string) => void hashes.push(hash as Hex) } };
}

/** The server's claim of `rows`, signed by its receiver authorizer, as a channel manager sends it to /settle. */
export async function claimPayload(chain: TestChain, rows: VoucherClaim[], authorizer: LocalAccount) {
  return {
    type: "claim" as const,
    claims: rows,
    claimAuthorizerSignature: await signClaimBatch({
      account: authorizer,
      claims: rows,
      chainId: chain.chainId,
    }),
  };
}
