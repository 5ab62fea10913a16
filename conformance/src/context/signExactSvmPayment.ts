import {
  type Address,
  address,
  appendTransactionMessageInstructions,
  createNoopSigner,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  type Instruction,
  type KeyPairSigner,
  partiallySignTransactionMessageWithSigners,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
} from "@solana/kit";
import {
  getSetComputeUnitLimitInstruction,
  getSetComputeUnitPriceInstruction,
} from "@solana-program/compute-budget";
import { getAddMemoInstruction } from "@solana-program/memo";
import { findAssociatedTokenPda, getTransferCheckedInstruction } from "@solana-program/token";
import type { PaymentPayload, PaymentRequirements } from "@x402kit/types";
import type { SuiteSolana } from "../suite/startSuiteSolana.js";

/** The SPL Memo program (scheme_exact_svm.md, Facilitator Verification Rules 1). */
const memoProgram = address("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");

/** The instructions of an exact SVM payment, in the order Verification Rules 1 asks for. */
export type SvmPaymentParts = {
  limit: Instruction;
  price: Instruction;
  transfer: Instruction;
  memo: Instruction;
};

export type SignExactSvmPaymentParameters = {
  /** Who pays: the owner of the source token account and the transfer's authority (signs). */
  buyer: KeyPairSigner;
  requirements: PaymentRequirements;
  overrides?: {
    /** The transfer's amount (default: the requirements'). */
    amount?: bigint;
    /** Whose associated token account receives (default: `payTo`). */
    destinationOwner?: Address;
    /** The transfer's authority and source owner when it is not the buyer (it does not sign: a no-op signer). */
    authority?: Address;
    /** SetComputeUnitPrice in micro-lamports per compute unit (default 1). */
    computeUnitPriceMicroLamports?: bigint;
    /** The memo's text (default: 16 random bytes, hex; `extra.memo` when the requirements carry one). */
    memo?: string;
    /** Rewrites the instruction list (default: limit, price, transfer, memo). */
    instructions?: (parts: SvmPaymentParts) => Instruction[];
    /** The buyer does not sign: its signature slot stays empty. */
    unsigned?: boolean;
    /** Fields of `accepted` that differ from the requirements (the transaction follows the requirements). */
    accepted?: Partial<PaymentRequirements>;
    /** `resource.url` (default: a placeholder; a resource server's route when paying one). */
    resourceUrl?: string;
  };
};

/** A random memo: 16 bytes, hex (Verification Rules 1: at least 16 bytes, hex-encoded). */
function randomMemo(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("hex");
}

/**
 * The suite's own exact SVM client (scheme_exact_svm.md, PaymentPayload `payload` Field): SetComputeUnitLimit,
 * SetComputeUnitPrice, the SPL Token TransferChecked from the buyer's associated token account to `payTo`'s, and a
 * Memo, with `extra.feePayer` as the fee payer, whose signature slot stays empty; the buyer signs. Each override
 * breaks one rule on purpose.
 */
export function createSignExactSvmPayment({ solana }: { solana: SuiteSolana }) {
  return async ({
    buyer,
    requirements,
    overrides = {},
  }: SignExactSvmPaymentParameters): Promise<PaymentPayload> => {
    const mint = address(requirements.asset);
    const tokenProgram = solana.usdc.tokenProgram;
    const feePayer = address(String((requirements.extra as { feePayer?: unknown } | undefined)?.feePayer));
    const authority = overrides.authority ? createNoopSigner(overrides.authority) : buyer;
    const [[source], [destination]] = await Promise.all([
      findAssociatedTokenPda({ mint, owner: authority.address, tokenProgram }),
      findAssociatedTokenPda({
        mint,
        owner: overrides.destinationOwner ?? address(requirements.payTo),
        tokenProgram,
      }),
    ]);
    const sellerMemo = (requirements.extra as { memo?: unknown } | undefined)?.memo;
    const parts: SvmPaymentParts = {
      limit: getSetComputeUnitLimitInstruction({ units: 20_000 }),
      price: getSetComputeUnitPriceInstruction({
        microLamports: overrides.computeUnitPriceMicroLamports ?? 1n,
      }),
      transfer: getTransferCheckedInstruction(
        {
          source,
          mint,
          destination,
          authority: overrides.unsigned ? createNoopSigner(authority.address) : authority,
          amount: overrides.amount ?? BigInt(requirements.amount),
          decimals: solana.usdc.decimals,
        },
        { programAddress: tokenProgram },
      ),
      memo: getAddMemoInstruction(
        { memo: overrides.memo ?? (typeof sellerMemo === "string" ? sellerMemo : randomMemo()) },
        { programAddress: memoProgram },
      ),
    };
    const instructions = overrides.instructions?.(parts) ?? [
      parts.limit,
      parts.price,
      parts.transfer,
      parts.memo,
    ];
    const { value: blockhash } = await solana.rpc.getLatestBlockhash().send();
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayer(feePayer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
      (m) => appendTransactionMessageInstructions(instructions, m),
    );
    const signed = await partiallySignTransactionMessageWithSigners(message);
    return {
      x402Version: 2,
      resource: {
        url: overrides.resourceUrl ?? "https://conformance.invalid/solana",
        description: "x402-conformance",
        mimeType: "",
      },
      accepted: { ...requirements, ...overrides.accepted },
      payload: { transaction: getBase64EncodedWireTransaction(signed) },
    };
  };
}

export type SignExactSvmPayment = ReturnType<typeof createSignExactSvmPayment>;
