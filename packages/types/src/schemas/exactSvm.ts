import { z } from "zod";

/** A Solana address: base58 of 32 bytes, 32 to 44 characters (the decoder checks the length). */
export const svmAddressSchema = z
  .string()
  .regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, "must be a base58 Solana address");

/**
 * A serialized Solana transaction in standard base64. A transaction is at most 1232 bytes on the wire (a packet), so
 * the text is at most 1644 characters; the bound stops oversized input before any decoding.
 */
export const svmTransactionBase64Schema = z
  .string()
  .max(1644, "a Solana transaction is at most 1232 bytes")
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be standard base64");

/** `payload` of an exact SVM payment (scheme_exact_svm.md): the partially signed transaction. */
export const exactSvmPayloadSchema = z.object({ transaction: svmTransactionBase64Schema });
export type ExactSvmPayload = z.infer<typeof exactSvmPayloadSchema>;

/** The `extra` of exact SVM requirements (scheme_exact_svm.md, "PaymentRequirements for exact"). */
export const exactSvmExtraSchema = z.looseObject({
  /** The sponsor that pays the fee and signs last. */
  feePayer: svmAddressSchema,
  /** A seller-defined memo that the transaction must carry instead of a random nonce; at most 256 UTF-8 bytes. */
  memo: z
    .string()
    .refine((memo) => new TextEncoder().encode(memo).length <= 256, "must be at most 256 bytes of UTF-8")
    .optional(),
  /** A recent blockhash for the client to build on (a hint: not checked against the transaction). */
  recentBlockhash: z.string().optional(),
  /** The last block height at which `recentBlockhash` is valid, as a decimal string (informational). */
  lastValidBlockHeight: z.string().optional(),
});
export type ExactSvmExtra = z.infer<typeof exactSvmExtraSchema>;
