import {
  erc3009DepositCollectorAddress,
  erc3009DepositCollectorDeployedBytecode,
  permit2DepositCollectorAddress,
  permit2DepositCollectorDeployedBytecode,
  x402BatchSettlementAddress,
  x402BatchSettlementDeployedBytecode,
} from "@x402kit/contracts";
import { type PaymentPayload, type PaymentRequirements, supportedResponseSchema } from "@x402kit/types";
import {
  type Address,
  encodeAbiParameters,
  getAddress,
  type Hex,
  hashTypedData,
  keccak256,
  type LocalAccount,
  parseAbi,
  toHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { SuiteToken } from "../suite/suiteChain.js";
import type { Buyer, FacilitatorContext } from "../types.js";
import { signPermitWitnessTransferFrom } from "./permit2Payments.js";

// The batch-settlement cases (scheme_batch_settlement_evm.md). The escrow and its deposit collectors must be
// at their canonical addresses: the suite places x402kit's runtime code there where the chain has none. Payloads are
// signed with viem from the scheme's EIP-712 types; the facilitator is judged by its answers and the chain.

export const escrowAddress = getAddress(x402BatchSettlementAddress);

const domain = (chainId: number) =>
  ({ name: "x402 Batch Settlement", version: "1", chainId, verifyingContract: escrowAddress }) as const;

const types = {
  ChannelConfig: [
    { name: "payer", type: "address" },
    { name: "payerAuthorizer", type: "address" },
    { name: "receiver", type: "address" },
    { name: "receiverAuthorizer", type: "address" },
    { name: "token", type: "address" },
    { name: "withdrawDelay", type: "uint40" },
    { name: "salt", type: "bytes32" },
  ],
  Voucher: [
    { name: "channelId", type: "bytes32" },
    { name: "maxClaimableAmount", type: "uint128" },
  ],
  Refund: [
    { name: "channelId", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "amount", type: "uint128" },
  ],
  ClaimBatch: [{ name: "claims", type: "ClaimEntry[]" }],
  ClaimEntry: [
    { name: "channelId", type: "bytes32" },
    { name: "maxClaimableAmount", type: "uint128" },
    { name: "totalClaimed", type: "uint128" },
  ],
} as const;

const escrowAbi = parseAbi([
  "function channels(bytes32 channelId) view returns (uint128 balance, uint128 totalClaimed)",
  "function refundNonce(bytes32 channelId) view returns (uint256)",
]);

/** The kind's `extra.receiverAuthorizer`, or skips: the facilitator does not announce batch-settlement here. */
export async function batchSettlementKind(context: FacilitatorContext): Promise<void> {
  const supported = supportedResponseSchema.safeParse((await context.facilitator.supported()).json);
  const kind = supported.success
    ? supported.data.kinds.find(
        (k) => k.x402Version === 2 && k.scheme === "batch-settlement" && k.network === context.chain.network,
      )
    : undefined;
  if (!kind) context.skip("GET /supported lists no batch-settlement kind on the suite's chain");
  const { chain } = context;
  for (const [address, code] of [
    [escrowAddress, x402BatchSettlementDeployedBytecode],
    [getAddress(erc3009DepositCollectorAddress), erc3009DepositCollectorDeployedBytecode],
    [getAddress(permit2DepositCollectorAddress), permit2DepositCollectorDeployedBytecode],
  ] as const) {
    const present = await chain.publicClient.getCode({ address });
    if (!present || present === "0x") await chain.setCode(address, code);
  }
}

/**
 * A channel of a fresh, funded payer to a fresh receiver, with a receiver authorizer of the suite's own, and its
 * requirements (price `price`, withdraw delay 900 s), with helpers to sign deposits, vouchers, claims and refunds.
 */
export async function newChannel(
  context: FacilitatorContext,
  options: {
    price?: bigint;
    funds?: bigint;
    /** A Permit2 channel: its token (requirements with `assetTransferMethod: "permit2"`) and funded payer. */
    permit2?: { token: SuiteToken; buyer: Buyer };
  } = {},
) {
  const { chain } = context;
  const buyer = options.permit2?.buyer ?? (await context.newBuyer({ usdc: options.funds ?? 1_000_000n }));
  const token = options.permit2?.token ?? chain.usdc;
  const authorizer = privateKeyToAccount(generatePrivateKey());
  const receiver = context.newAddress();
  const requirements: PaymentRequirements = context.requirements({
    scheme: "batch-settlement",
    amount: (options.price ?? 1_000n).toString(),
    payTo: receiver,
    asset: token.address,
    extra: {
      receiverAuthorizer: authorizer.address,
      withdrawDelay: 900,
      name: token.name,
      version: token.version,
      ...(options.permit2 ? { assetTransferMethod: "permit2" } : {}),
    },
  });
  const config = {
    payer: buyer.address,
    payerAuthorizer: buyer.address,
    receiver,
    receiverAuthorizer: authorizer.address,
    token: token.address,
    withdrawDelay: 900,
    salt: toHex(crypto.getRandomValues(new Uint8Array(32))),
  };
  const channelId = hashTypedData({
    domain: domain(chain.chainId),
    types,
    primaryType: "ChannelConfig",
    message: config,
  });
  const voucher = async (maxClaimableAmount: bigint, signer: LocalAccount = buyer.account) => ({
    channelId,
    maxClaimableAmount: maxClaimableAmount.toString(),
    signature: await signer.signTypedData({
      domain: domain(chain.chainId),
      types,
      primaryType: "Voucher",
      message: { channelId, maxClaimableAmount },
    }),
  });
  const wrap = (
    payload: Record<string, unknown>,
    req: PaymentRequirements = requirements,
  ): PaymentPayload => ({
    x402Version: 2,
    accepted: req,
    payload,
  });
  return {
    buyer,
    authorizer,
    receiver,
    requirements,
    config,
    channelId,
    voucher,
    wrap,
    /** A first request: an EIP-3009 `ReceiveWithAuthorization` to the collector and the request's voucher. */
    async deposit(amount: bigint, maxClaimableAmount: bigint) {
      const salt = toHex(crypto.getRandomValues(new Uint8Array(32)));
      const validBefore = (await chain.now()) + 600n;
      const nonce = keccak256(
        encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }], [channelId, BigInt(salt)]),
      );
      const signature = await buyer.account.signTypedData({
        domain: {
          name: chain.usdc.name,
          version: chain.usdc.version,
          chainId: chain.chainId,
          verifyingContract: chain.usdc.address,
        },
        types: {
          ReceiveWithAuthorization: [
            { name: "from", type: "address" },
            { name: "to", type: "address" },
            { name: "value", type: "uint256" },
            { name: "validAfter", type: "uint256" },
            { name: "validBefore", type: "uint256" },
            { name: "nonce", type: "bytes32" },
          ],
        },
        primaryType: "ReceiveWithAuthorization",
        message: {
          from: buyer.address,
          to: getAddress(erc3009DepositCollectorAddress),
          value: amount,
          validAfter: 0n,
          validBefore,
          nonce,
        },
      });
      return wrap({
        type: "deposit",
        channelConfig: config,
        voucher: await voucher(maxClaimableAmount),
        deposit: {
          amount: amount.toString(),
          authorization: {
            erc3009Authorization: { validAfter: "0", validBefore: validBefore.toString(), salt, signature },
          },
        },
      });
    },
    /**
     * A first request through Permit2: `PermitWitnessTransferFrom` of exactly `amount` to the Permit2 deposit
     * collector, witness `DepositWitness(bytes32 channelId)`, and the request's voucher.
     */
    async permit2Deposit(amount: bigint, maxClaimableAmount: bigint) {
      const nonce = BigInt(toHex(crypto.getRandomValues(new Uint8Array(32))));
      const deadline = (await chain.now()) + 600n;
      const spender = getAddress(permit2DepositCollectorAddress);
      const signature = await signPermitWitnessTransferFrom({
        chainId: chain.chainId,
        signer: buyer.account,
        permitted: { token: token.address, amount },
        spender,
        nonce,
        deadline,
        witnessType: { name: "DepositWitness", fields: [{ name: "channelId", type: "bytes32" }] },
        witness: { channelId },
      });
      return wrap({
        type: "deposit",
        channelConfig: config,
        voucher: await voucher(maxClaimableAmount),
        deposit: {
          amount: amount.toString(),
          authorization: {
            permit2Authorization: {
              from: buyer.address,
              permitted: { token: token.address, amount: amount.toString() },
              spender,
              nonce: nonce.toString(),
              deadline: deadline.toString(),
              witness: { channelId },
              signature,
            },
          },
        },
      });
    },
    async voucherPayment(maxClaimableAmount: bigint, signer?: LocalAccount) {
      return wrap({
        type: "voucher",
        channelConfig: config,
        voucher: await voucher(maxClaimableAmount, signer),
      });
    },
    /** A server's claim of `totalClaimed` on the voucher for `maxClaimableAmount`, with its authorizer's signature. */
    async claim(maxClaimableAmount: bigint, totalClaimed = maxClaimableAmount) {
      const claims = [
        {
          voucher: { channel: config, maxClaimableAmount: maxClaimableAmount.toString() },
          signature: (await voucher(maxClaimableAmount)).signature,
          totalClaimed: totalClaimed.toString(),
        },
      ];
      const claimAuthorizerSignature = await authorizer.signTypedData({
        domain: domain(chain.chainId),
        types,
        primaryType: "ClaimBatch",
        message: { claims: [{ channelId, maxClaimableAmount, totalClaimed }] },
      });
      return { type: "claim", claims, claimAuthorizerSignature };
    },
    sweep: () => ({ type: "settle", receiver, token: token.address }),
    /** A refund of `amount` after claiming `charged`, as a server completes it. */
    async refund(charged: bigint, amount: bigint) {
      const nonce = await chain.publicClient.readContract({
        address: escrowAddress,
        abi: escrowAbi,
        functionName: "refundNonce",
        args: [channelId],
      });
      const claim = await this.claim(charged);
      return {
        type: "refund",
        channelConfig: config,
        voucher: await voucher(charged),
        amount: amount.toString(),
        refundNonce: nonce.toString(),
        claims: claim.claims,
        claimAuthorizerSignature: claim.claimAuthorizerSignature,
        refundAuthorizerSignature: await authorizer.signTypedData({
          domain: domain(chain.chainId),
          types,
          primaryType: "Refund",
          message: { channelId, nonce, amount },
        }),
      };
    },
    /** The channel's balance and claimed total on-chain. */
    async state() {
      const [balance, totalClaimed] = await chain.publicClient.readContract({
        address: escrowAddress,
        abi: escrowAbi,
        functionName: "channels",
        args: [channelId],
      });
      return { balance, totalClaimed };
    },
  };
}

/** A server-side payload (claim, sweep, refund) with the minimal requirements a channel manager sends. */
export function serverRequest(
  channel: { requirements: PaymentRequirements },
  payload: Record<string, unknown>,
) {
  const requirements = { ...channel.requirements, amount: "0", maxTimeoutSeconds: 0, extra: {} };
  return { payload: { x402Version: 2 as const, accepted: requirements, payload }, requirements };
}

export type BatchChannel = Awaited<ReturnType<typeof newChannel>>;
export type { Address, Hex };
