import { z } from "zod";
import { networkPatternSchema } from "./primitives.js";
import { paymentPayloadV1Schema, paymentRequirementsV1Schema } from "./v1.js";
import { extensionsSchema, paymentPayloadSchema, paymentRequirementsSchema } from "./v2.js";

/** The body of `POST /verify` and `POST /settle` (spec v2 §7.1, §7.2; spec v1 §7). */
export const facilitatorRequestSchema = z.discriminatedUnion("x402Version", [
  z.object({
    x402Version: z.literal(2),
    paymentPayload: paymentPayloadSchema,
    paymentRequirements: paymentRequirementsSchema,
  }),
  z.object({
    x402Version: z.literal(1),
    paymentPayload: paymentPayloadV1Schema,
    paymentRequirements: paymentRequirementsV1Schema,
  }),
]);
export type FacilitatorRequest = z.infer<typeof facilitatorRequestSchema>;
export const verifyRequestSchema = facilitatorRequestSchema;
export type VerifyRequest = FacilitatorRequest;
export const settleRequestSchema = facilitatorRequestSchema;
export type SettleRequest = FacilitatorRequest;

/** VerifyResponse (spec v2 §5.4). `invalidMessage` is an optional human-readable detail. */
export const verifyResponseSchema = z.looseObject({
  isValid: z.boolean(),
  invalidReason: z.string().optional(),
  invalidMessage: z.string().optional(),
  payer: z.string().optional(),
  extensions: extensionsSchema.optional(),
});
export type VerifyResponse = z.infer<typeof verifyResponseSchema>;

/** SettleResponse (spec v2 §5.3): `transaction` is "" on failure. */
export const settleResponseSchema = z.looseObject({
  success: z.boolean(),
  errorReason: z.string().optional(),
  errorMessage: z.string().optional(),
  transaction: z.string(),
  network: z.string(),
  payer: z.string().optional(),
  amount: z.string().optional(),
  extensions: extensionsSchema.optional(),
});
export type SettleResponse = z.infer<typeof settleResponseSchema>;

/** One entry of `GET /supported`'s `kinds` (spec v2 §7.3.1). */
export const supportedKindSchema = z.looseObject({
  x402Version: z.union([z.literal(1), z.literal(2)]),
  scheme: z.string().min(1),
  network: z.string().min(1),
  extra: z.record(z.string(), z.unknown()).optional(),
});
export type SupportedKind = z.infer<typeof supportedKindSchema>;

/** `GET /supported` (spec v2 §7.3). */
export const supportedResponseSchema = z.looseObject({
  kinds: z.array(supportedKindSchema),
  extensions: z.array(z.string()).default([]),
  signers: z.record(networkPatternSchema, z.array(z.string())).default({}),
});
export type SupportedResponse = z.infer<typeof supportedResponseSchema>;
