import {
  AccountRole,
  type Address,
  appendTransactionMessageInstructions,
  compressTransactionMessageUsingAddressLookupTables,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  type Instruction,
  partiallySignTransactionMessageWithSigners,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type TransactionSigner,
} from "@solana/kit";
import {
  getSetComputeUnitLimitInstruction,
  getSetComputeUnitPriceInstruction,
} from "@solana-program/compute-budget";
import { getAddMemoInstruction } from "@solana-program/memo";
import { findAssociatedTokenPda, getTransferCheckedInstruction } from "@solana-program/token";
import type { SolanaTestChain, SolanaTestToken } from "@x402kit/testchain/solana";
import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import { memoProgramAddress } from "../src/constants.js";

export type PaymentParts = {
  limit: Instruction;
  price: Instruction;
  transfer: Instruction;
  memo: Instruction;
};

export type BuildPaymentOptions = {
  /** The authority that signs the transfer. Default: the chain's buyer. */
  payer?: TransactionSigner;
  /** The owner of the source token account. Default: `payer`. */
  sourceOwner?: Address;
  token?: SolanaTestToken;
  amount?: bigint;
  /** The transfer's amount when it should differ from the requirements'. */
  transferAmount?: bigint;
  decimals?: number;
  /** The requirements' `payTo`. Default: the seller. */
  payTo?: Address;
  /** Whose token account receives. Default: `payTo`. */
  destinationOwner?: Address;
  /** The transaction's fee payer. Default: the requirements' `extra.feePayer`. */
  feePayer?: Address;
  /** The requirements' fee payer. Default: the chain's facilitator. */
  requirementsFeePayer?: Address;
  memo?: string;
  /** Replaces the default instruction list (limit, price, transfer, memo). */
  instructions?: (parts: PaymentParts) => Instruction[];
  /** Uses an address lookup table for these addresses. */
  lookupTable?: { address: Address; addresses: Address[] };
  extra?: Record<string, unknown>;
  /** Rewrites the signed wire transaction. */
  tamper?: (bytes: Uint8Array) => Uint8Array;
  version?: "legacy" | 0;
};

export type BuildPaymentReturnType = { requirements: PaymentRequirements; payload: PaymentPayload };

/**
 * A payment of `amount` from the buyer to the seller on the Solana test chain, built by hand so that each rule of
 * scheme_exact_svm.md can be broken on purpose: the requirements, and the partially signed transaction (limit,
 * price, TransferChecked, memo) with the fee payer's slot empty.
 */
export async function buildPayment(
  chain: SolanaTestChain,
  options: BuildPaymentOptions = {},
): Promise<BuildPaymentReturnType> {
  const payer = options.payer ?? chain.accounts.buyer.signer;
  const token = options.token ?? chain.usdc;
  const amount = options.amount ?? 10_000n;
  const requirementsFeePayer = options.requirementsFeePayer ?? chain.accounts.facilitator.address;
  const payTo = options.payTo ?? chain.accounts.seller.address;
  const requirements: PaymentRequirements = {
    scheme: "exact",
    network: chain.network,
    amount: amount.toString(),
    asset: token.address,
    payTo,
    maxTimeoutSeconds: 60,
    extra: {
      feePayer: requirementsFeePayer,
      ...(options.memo === undefined ? {} : { memo: options.memo }),
      ...options.extra,
    },
  };
  const [[source], [destination]] = await Promise.all([
    findAssociatedTokenPda({
      mint: token.address,
      owner: options.sourceOwner ?? payer.address,
      tokenProgram: token.tokenProgram,
    }),
    findAssociatedTokenPda({
      mint: token.address,
      owner: options.destinationOwner ?? payTo,
      tokenProgram: token.tokenProgram,
    }),
  ]);
  const parts: PaymentParts = {
    limit: getSetComputeUnitLimitInstruction({ units: 20_000 }),
    price: getSetComputeUnitPriceInstruction({ microLamports: 1n }),
    transfer: getTransferCheckedInstruction(
      {
        source,
        mint: token.address,
        destination,
        authority: payer,
        amount: options.transferAmount ?? amount,
        decimals: options.decimals ?? 6,
      },
      { programAddress: token.tokenProgram },
    ),
    memo: getAddMemoInstruction(
      { memo: options.memo ?? crypto.randomUUID().replaceAll("-", "") },
      { programAddress: memoProgramAddress },
    ),
  };
  const instructions = options.instructions?.(parts) ?? [
    parts.limit,
    parts.price,
    parts.transfer,
    parts.memo,
  ];
  const { value: lifetime } = await chain.rpc.getLatestBlockhash().send();
  let message = pipe(
    createTransactionMessage({ version: options.version ?? 0 }),
    (draft) => setTransactionMessageFeePayer(options.feePayer ?? requirementsFeePayer, draft),
    (draft) => setTransactionMessageLifetimeUsingBlockhash(lifetime, draft),
    (draft) => appendTransactionMessageInstructions(instructions, draft),
  );
  if (options.lookupTable)
    message = compressTransactionMessageUsingAddressLookupTables(message as never, {
      [options.lookupTable.address]: options.lookupTable.addresses,
    }) as never;
  const signed = await partiallySignTransactionMessageWithSigners(message);
  let transaction = getBase64EncodedWireTransaction(signed) as string;
  if (options.tamper)
    transaction = Buffer.from(options.tamper(Buffer.from(transaction, "base64"))).toString("base64");
  return { requirements, payload: { x402Version: 2, accepted: requirements, payload: { transaction } } };
}

/** A memo (or `programAddress`) instruction that lists `account` (as a read-only signer when `signer`). */
export function memoWithAccount(
  account: Address | TransactionSigner,
  memo = "with an account",
  programAddress: Address = memoProgramAddress,
): Instruction {
  const address = typeof account === "string" ? account : account.address;
  return {
    programAddress,
    accounts: [
      typeof account === "string"
        ? { address, role: AccountRole.READONLY }
        : { address, role: AccountRole.READONLY_SIGNER, signer: account },
    ],
    data: new TextEncoder().encode(memo),
  } as Instruction;
}
