import { createHash } from "node:crypto";
import {
  type Address,
  type CompiledTransactionMessage,
  getBase58Decoder,
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  getTransactionDecoder,
  type Transaction,
  type TransactionWithinSizeLimit,
  type TransactionWithLifetime,
} from "@solana/kit";

/** One instruction with its accounts resolved from the message's static account list. */
export type SvmInstruction = {
  index: number;
  programAddress: Address;
  accounts: Address[];
  data: Uint8Array;
};

/** A decoded transaction, as `@solana/kit`'s signers take it (its size and lifetime are checked here). */
export type SignableTransaction = Transaction & TransactionWithinSizeLimit & TransactionWithLifetime;

export type DecodedSvmTransaction = {
  transaction: SignableTransaction;
  /** A legacy or v0 message (version 1 messages are refused). */
  message: Extract<CompiledTransactionMessage, { version: "legacy" | 0 }> & { lifetimeToken: string };
  /** The fee payer: the first static account. */
  feePayer: Address;
  /** The accounts that must sign, in order (the fee payer first). */
  signers: Address[];
  blockhash: string;
  instructions: SvmInstruction[];
  /** Whether the message loads accounts from address lookup tables (v0). */
  usesLookupTables: boolean;
  /** sha256 of the message bytes, base58: what every signer commits to, so the payment's identity. */
  messageHash: string;
};

export type DecodeSvmTransactionReturnType =
  | { ok: true; decoded: DecodedSvmTransaction }
  | { ok: false; message: string };

const base64 = getBase64Encoder();
const base58 = getBase58Decoder();
const transactionDecoder = getTransactionDecoder();
const messageDecoder = getCompiledTransactionMessageDecoder();

/**
 * Decodes a base64 wire transaction (scheme_exact_svm.md: the payload's `transaction`) into its message and
 * instructions, strictly: the bytes must be exactly one legacy or v0 transaction whose signatures match its signer
 * count, with each instruction's indexes inside the account list (or in a lookup table). Never throws.
 */
export function decodeSvmTransaction(transactionBase64: string): DecodeSvmTransactionReturnType {
  let transaction: Transaction;
  let message: CompiledTransactionMessage & { lifetimeToken: string };
  try {
    transaction = transactionDecoder.decode(base64.encode(transactionBase64));
    const [compiled, end] = messageDecoder.read(transaction.messageBytes, 0);
    if (end !== transaction.messageBytes.length)
      return { ok: false, message: "Bytes follow the transaction." };
    message = compiled;
  } catch (error) {
    return { ok: false, message: `The transaction does not decode: ${describe(error)}` };
  }
  if (message.version !== "legacy" && message.version !== 0)
    return { ok: false, message: `Transaction version ${String(message.version)} is not supported.` };
  const { staticAccounts, header } = message;
  const signers = staticAccounts.slice(0, header.numSignerAccounts);
  if (
    header.numSignerAccounts < 1 ||
    signers.length !== header.numSignerAccounts ||
    Object.keys(transaction.signatures).length !== header.numSignerAccounts ||
    new Set(staticAccounts).size !== staticAccounts.length
  )
    return { ok: false, message: "The signatures do not match the message's signers." };
  const lookups = message.version === 0 ? (message.addressTableLookups ?? []) : [];
  const loaded = lookups.reduce(
    (sum, lookup) => sum + lookup.writableIndexes.length + lookup.readonlyIndexes.length,
    0,
  );
  const total = staticAccounts.length + loaded;
  const instructions: SvmInstruction[] = [];
  for (const [index, instruction] of message.instructions.entries()) {
    const indexes = instruction.accountIndices ?? [];
    if (
      instruction.programAddressIndex >= staticAccounts.length ||
      indexes.some((account) => account >= total)
    )
      return { ok: false, message: `Instruction ${index} refers to an account the message does not list.` };
    instructions.push({
      index,
      programAddress: staticAccounts[instruction.programAddressIndex]!,
      // Accounts past the static list come from lookup tables, which are not resolved here.
      accounts: indexes
        .filter((account) => account < staticAccounts.length)
        .map((account) => staticAccounts[account]!),
      data: new Uint8Array(instruction.data ?? []),
    });
  }
  return {
    ok: true,
    decoded: {
      transaction: transaction as SignableTransaction,
      message: message as DecodedSvmTransaction["message"],
      feePayer: staticAccounts[0]!,
      signers,
      blockhash: message.lifetimeToken,
      instructions,
      usesLookupTables: lookups.length > 0,
      messageHash: base58.decode(
        createHash("sha256")
          .update(transaction.messageBytes as unknown as Uint8Array)
          .digest(),
      ),
    },
  };
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 200);
