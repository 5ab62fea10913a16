import { type Address, getPublicKeyFromAddress, verifySignature } from "@solana/kit";
import { findAssociatedTokenPda } from "@solana-program/token";
import {
  computeBudgetProgramAddress,
  lighthouseProgramAddress,
  memoProgramAddress,
  token2022ProgramAddress,
  tokenProgramAddress,
} from "../constants.js";
import type { DecodedSvmTransaction, SvmInstruction } from "../utils/decodeSvmTransaction.js";
import { estimateExactSvmFee } from "./estimateExactSvmFee.js";

/** The TransferChecked instruction of an exact SVM payment. */
export type ExactSvmTransfer = {
  tokenProgram: Address;
  source: Address;
  mint: Address;
  destination: Address;
  authority: Address;
  amount: bigint;
  decimals: number;
};

/** What the transaction must pay, from the payment requirements. */
export type ExactSvmTerms = {
  asset: Address;
  payTo: Address;
  amount: bigint;
  feePayer: Address;
  memo?: string | undefined;
};

export type InspectExactSvmTransactionParameters = {
  decoded: DecodedSvmTransaction;
  terms: ExactSvmTerms;
  /** Every fee payer of the facilitator: none may appear in an instruction (scheme_exact_svm.md §2.1.1). */
  feePayers: ReadonlySet<string>;
  maxComputeUnits: number;
  maxComputeUnitPriceMicroLamports: bigint;
};

export type InspectExactSvmTransactionReturnType =
  | {
      ok: true;
      transfer: ExactSvmTransfer;
      payer: Address;
      /** The most the transaction costs the fee payer, in lamports (`estimateExactSvmFee`). */
      fee: bigint;
    }
  | { ok: false; reason: string; message: string; payer?: Address | undefined };

const transferChecked = 12;
const setComputeUnitLimit = 2;
const setComputeUnitPrice = 3;
const optionalReasons = [
  "invalid_exact_svm_payload_unknown_fourth_instruction",
  "invalid_exact_svm_payload_unknown_fifth_instruction",
  "invalid_exact_svm_payload_unknown_sixth_instruction",
  "invalid_exact_svm_payload_unknown_seventh_instruction",
];
const utf8 = new TextDecoder("utf-8", { fatal: true });

const view = (data: Uint8Array) => new DataView(data.buffer, data.byteOffset, data.byteLength);

/**
 * The checks of scheme_exact_svm.md that need no RPC, in order, each with its reason code: no lookup tables that
 * would hide accounts (§2.1.2), the fee payer (§2.1.1), the signer set (§2.1.4), the layout of §3.1 (compute unit
 * limit and price within the caps of §2.2.1, a TransferChecked of SPL Token or Token-2022, then only Memo or
 * Lighthouse), fee payer isolation (no instruction names a fee payer of the facilitator, as account or program),
 * the transfer (mint, destination associated token account of `payTo`, exact amount: §1.1-§1.4), the seller's memo,
 * and the client's signatures. The transaction's `payer` is the transfer's authority.
 */
export async function inspectExactSvmTransaction(
  parameters: InspectExactSvmTransactionParameters,
): Promise<InspectExactSvmTransactionReturnType> {
  const { decoded, terms, feePayers, maxComputeUnits, maxComputeUnitPriceMicroLamports } = parameters;
  const refuse = (
    reason: string,
    message: string,
    payer?: Address,
  ): InspectExactSvmTransactionReturnType => ({
    ok: false,
    reason,
    message,
    payer,
  });
  if (decoded.usesLookupTables)
    return refuse(
      "invalid_exact_svm_smart_wallet_alt_resolution_not_available",
      "The transaction loads accounts from address lookup tables, which this facilitator does not resolve.",
    );
  if (decoded.feePayer !== terms.feePayer)
    return refuse(
      "invalid_exact_svm_fee_payer_mismatch",
      `The transaction's fee payer is ${decoded.feePayer}, not the requirements' ${terms.feePayer}.`,
    );
  if (decoded.signers.length > 2)
    return refuse(
      "invalid_exact_svm_payload_excessive_signers",
      `The transaction needs ${decoded.signers.length} signatures; only the client's and the fee payer's may be required.`,
    );

  const { instructions } = decoded;
  if (instructions.length < 3 || instructions.length > 7)
    return refuse(
      "invalid_exact_svm_payload_transaction_instructions_length",
      `The transaction has ${instructions.length} instructions; exact takes 3 to 7.`,
    );
  const [limit, price, transferInstruction] = instructions as [
    SvmInstruction,
    SvmInstruction,
    SvmInstruction,
  ];
  if (
    limit.programAddress !== computeBudgetProgramAddress ||
    limit.data.length !== 5 ||
    limit.data[0] !== setComputeUnitLimit
  )
    return refuse(
      "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction",
      "The first instruction must be the compute budget's SetComputeUnitLimit.",
    );
  const units = view(limit.data).getUint32(1, true);
  if (units > maxComputeUnits)
    return refuse(
      "invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction_too_high",
      `The compute unit limit ${units} is above this facilitator's ${maxComputeUnits}.`,
    );
  if (
    price.programAddress !== computeBudgetProgramAddress ||
    price.data.length !== 9 ||
    price.data[0] !== setComputeUnitPrice
  )
    return refuse(
      "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction",
      "The second instruction must be the compute budget's SetComputeUnitPrice.",
    );
  const microLamports = view(price.data).getBigUint64(1, true);
  if (microLamports > maxComputeUnitPriceMicroLamports)
    return refuse(
      "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high",
      `The compute unit price ${microLamports} micro-lamports is above this facilitator's ${maxComputeUnitPriceMicroLamports}.`,
    );
  const tokenProgram = transferInstruction.programAddress;
  if (
    (tokenProgram !== tokenProgramAddress && tokenProgram !== token2022ProgramAddress) ||
    transferInstruction.data.length !== 10 ||
    transferInstruction.data[0] !== transferChecked ||
    transferInstruction.accounts.length !== 4
  )
    return refuse(
      "invalid_exact_svm_payload_no_transfer_instruction",
      "The third instruction must be a TransferChecked of SPL Token or Token-2022 with a single authority.",
    );
  const [source, mint, destination, authority] = transferInstruction.accounts as [
    Address,
    Address,
    Address,
    Address,
  ];
  const transfer: ExactSvmTransfer = {
    tokenProgram,
    source,
    mint,
    destination,
    authority,
    amount: view(transferInstruction.data).getBigUint64(1, true),
    decimals: transferInstruction.data[9]!,
  };
  const payer = authority;
  for (const [offset, instruction] of instructions.slice(3).entries())
    if (
      instruction.programAddress !== memoProgramAddress &&
      instruction.programAddress !== lighthouseProgramAddress
    )
      return refuse(
        optionalReasons[offset]!,
        `Instruction ${offset + 3} runs ${instruction.programAddress}; after the transfer only Memo and Lighthouse may run.`,
        payer,
      );

  for (const instruction of instructions) {
    const named = [instruction.programAddress, ...instruction.accounts].find((account) =>
      feePayers.has(account),
    );
    if (named === undefined) continue;
    if (instruction === transferInstruction && (named === authority || named === source))
      return refuse(
        "invalid_exact_svm_payload_transaction_fee_payer_transferring_funds",
        `The transfer would move funds of the facilitator's fee payer ${named}.`,
        payer,
      );
    return refuse(
      "invalid_exact_svm_payload_fee_payer_not_isolated",
      `Instruction ${instruction.index} names the facilitator's fee payer ${named}; it may only pay the fee.`,
      payer,
    );
  }

  if (mint !== terms.asset)
    return refuse(
      "invalid_exact_svm_payload_mint_mismatch",
      `The transfer moves mint ${mint}, not ${terms.asset}.`,
      payer,
    );
  const [expected] = await findAssociatedTokenPda({ mint: terms.asset, owner: terms.payTo, tokenProgram });
  if (destination !== expected)
    return refuse(
      "invalid_exact_svm_payload_recipient_mismatch",
      `The transfer pays ${destination}, not ${expected}, the token account of ${terms.payTo}.`,
      payer,
    );
  if (transfer.amount !== terms.amount)
    return refuse(
      "invalid_exact_svm_payload_amount_mismatch",
      `The transfer moves ${transfer.amount}, not the ${terms.amount} required.`,
      payer,
    );

  if (terms.memo !== undefined) {
    const memos = instructions
      .slice(3)
      .filter((instruction) => instruction.programAddress === memoProgramAddress);
    if (memos.length !== 1)
      return refuse(
        "invalid_exact_svm_payload_memo_count",
        `The requirements ask for one memo; the transaction has ${memos.length}.`,
        payer,
      );
    let memo: string | undefined;
    try {
      memo = utf8.decode(memos[0]!.data);
    } catch {
      memo = undefined;
    }
    if (memo !== terms.memo)
      return refuse(
        "invalid_exact_svm_payload_memo_mismatch",
        "The memo is not the requirements' `extra.memo`.",
        payer,
      );
  }

  if (decoded.signers[1] !== authority)
    return refuse(
      "invalid_exact_svm_payload_signature_invalid",
      "The transfer's authority must be the transaction's one signer besides the fee payer.",
      payer,
    );
  const signature = decoded.transaction.signatures[authority];
  const valid =
    signature !== null &&
    signature !== undefined &&
    (await verifySignature(
      await getPublicKeyFromAddress(authority),
      signature,
      decoded.transaction.messageBytes,
    ).catch(() => false));
  if (!valid)
    return refuse(
      "invalid_exact_svm_payload_signature_invalid",
      "The client's signature does not verify.",
      payer,
    );
  const fee = estimateExactSvmFee({
    signatures: decoded.signers.length,
    computeUnits: units,
    computeUnitPriceMicroLamports: microLamports,
  });
  return { ok: true, transfer, payer, fee };
}
