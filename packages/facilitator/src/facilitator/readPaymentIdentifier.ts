import { createHash } from "node:crypto";
import { canonicalJson } from "@x402kit/core";
import type { PaymentPayload } from "@x402kit/types";
import { z } from "zod";

/** The extension's key in `PaymentPayload.extensions` (extensions/payment_identifier.md). */
export const paymentIdentifierExtension = "payment-identifier";

/** extensions/payment_identifier.md, "`id` Format": 16 to 128 letters, digits, hyphens and underscores. */
const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,128}$/, "must be 16 to 128 letters, digits, hyphens or underscores");
const extensionSchema = z.object({ info: z.object({ id: z.unknown().optional() }).optional() });

export type ReadPaymentIdentifierReturnType =
  /** No id: the extension is absent, or only echoed without an id. */
  | { ok: true; identifier: undefined }
  | { ok: true; identifier: { id: string; payloadHash: string } }
  | { ok: false; message: string };

/**
 * Reads the client's `payment-identifier` id from a payment payload, with a hash of the payload that first uses
 * it: the same id with another payload is a conflict. The hash covers `accepted` and the scheme's payload
 * (signature and authorization), in canonical JSON.
 */
export function readPaymentIdentifier(payload: PaymentPayload): ReadPaymentIdentifierReturnType {
  const extension = payload.extensions?.[paymentIdentifierExtension];
  if (extension === undefined) return { ok: true, identifier: undefined };
  const id = extensionSchema.safeParse(extension).data?.info?.id;
  if (id === undefined) return { ok: true, identifier: undefined };
  const parsed = idSchema.safeParse(id);
  if (!parsed.success)
    return {
      ok: false,
      message: `The payment-identifier id ${parsed.error.issues[0]?.message ?? "is invalid"}.`,
    };
  const payloadHash = createHash("sha256")
    .update(canonicalJson({ accepted: payload.accepted, payload: payload.payload }))
    .digest("hex");
  return { ok: true, identifier: { id: parsed.data, payloadHash } };
}
