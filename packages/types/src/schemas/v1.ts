import { z } from "zod";
import { atomicAmountSchema, boundedJsonSchema, jsonObjectSchema } from "./primitives.js";

/** v1 network names (`base`, `base-sepolia`, ...) rather than CAIP-2 (spec v1 §5.1.2). */
export const v1NetworkSchema = z.string().min(1).max(64);

/** v1 PaymentRequirements (spec v1 §5.1.2). */
export const paymentRequirementsV1Schema = z.object({
  scheme: z.string().min(1).max(64),
  network: v1NetworkSchema,
  maxAmountRequired: atomicAmountSchema,
  resource: z.string(),
  description: z.string(),
  mimeType: z.string(),
  outputSchema: boundedJsonSchema.optional(),
  payTo: z.string().min(1).max(256),
  maxTimeoutSeconds: z.number().int().positive().max(31_536_000),
  asset: z.string().min(1).max(256),
  extra: jsonObjectSchema.nullish(),
});
export type PaymentRequirementsV1 = z.infer<typeof paymentRequirementsV1Schema>;

/** The v1 402 body (spec v1 §5.1). */
export const paymentRequiredV1Schema = z.object({
  x402Version: z.literal(1),
  error: z.string().optional(),
  accepts: z.array(paymentRequirementsV1Schema),
});
export type PaymentRequiredV1 = z.infer<typeof paymentRequiredV1Schema>;

/** v1 PaymentPayload (spec v1 §5.2), carried in the `X-PAYMENT` header. */
export const paymentPayloadV1Schema = z.object({
  x402Version: z.literal(1),
  scheme: z.string().min(1).max(64),
  network: v1NetworkSchema,
  payload: jsonObjectSchema,
});
export type PaymentPayloadV1 = z.infer<typeof paymentPayloadV1Schema>;

/** v1 settlement response (spec v1 §5.3), carried in the `X-PAYMENT-RESPONSE` header. */
export const settleResponseV1Schema = z.looseObject({
  success: z.boolean(),
  errorReason: z.string().optional(),
  transaction: z.string(),
  network: z.string(),
  payer: z.string().optional(),
});
export type SettleResponseV1 = z.infer<typeof settleResponseV1Schema>;
