import { z } from "zod";
import { atomicAmountSchema, caip2Schema, jsonObjectSchema } from "./primitives.js";

/** Extensions: identifier to `{ info, schema }` (spec v2 §5.1.2); kept open, each extension validates its own. */
export const extensionsSchema = jsonObjectSchema;
export type Extensions = z.infer<typeof extensionsSchema>;

/**
 * ResourceInfo (spec v2 §5.1.2): an object, not a string. `serviceName`, `tags` and `iconUrl` are the service
 * metadata of extensions/bazaar.md; a value of the wrong type is dropped, never a reason to refuse a payment (the
 * facilitator applies the spec's finer rules when it catalogs).
 */
export const resourceInfoSchema = z.object({
  url: z.string().min(1),
  description: z.string().optional(),
  mimeType: z.string().optional(),
  serviceName: z.string().optional().catch(undefined),
  tags: z.array(z.string()).optional().catch(undefined),
  iconUrl: z.string().optional().catch(undefined),
});
export type ResourceInfo = z.infer<typeof resourceInfoSchema>;

/** PaymentRequirements (spec v2 §5.1.2). */
export const paymentRequirementsSchema = z.object({
  scheme: z.string().min(1).max(64),
  network: caip2Schema,
  amount: atomicAmountSchema,
  asset: z.string().min(1).max(256),
  payTo: z.string().min(1).max(256),
  // 0 is allowed: batch-settlement servers send requirements with 0 for their claims and sweeps, which have no
  // payment window (the reference's channel manager does).
  maxTimeoutSeconds: z.number().int().nonnegative().max(31_536_000),
  extra: jsonObjectSchema.optional(),
});
export type PaymentRequirements = z.infer<typeof paymentRequirementsSchema>;

/** PaymentRequired (spec v2 §5.1), carried in the `PAYMENT-REQUIRED` header. */
export const paymentRequiredSchema = z.object({
  x402Version: z.literal(2),
  error: z.string().optional(),
  resource: resourceInfoSchema,
  accepts: z.array(paymentRequirementsSchema),
  extensions: extensionsSchema.optional(),
});
export type PaymentRequired = z.infer<typeof paymentRequiredSchema>;

/** PaymentPayload (spec v2 §5.2), carried in the `PAYMENT-SIGNATURE` header. */
export const paymentPayloadSchema = z.object({
  x402Version: z.literal(2),
  resource: resourceInfoSchema.optional(),
  accepted: paymentRequirementsSchema,
  payload: jsonObjectSchema,
  extensions: extensionsSchema.optional(),
});
export type PaymentPayload = z.infer<typeof paymentPayloadSchema>;
