import { evmAddressSchema, hexSchema, permit2AuthorizationSchema, uintStringSchema } from "@x402kit/types";
import { z } from "zod";

/** The upto witness (scheme_upto_evm.md phase 2): recipient, the one facilitator allowed to settle, start time. */
export const uptoWitnessSchema = z.object({
  to: evmAddressSchema,
  facilitator: evmAddressSchema,
  validAfter: uintStringSchema,
});

/** `permit2Authorization` of an upto payment: Permit2's `PermitWitnessTransferFrom` with the upto witness. */
export const uptoPermit2AuthorizationSchema = permit2AuthorizationSchema.extend({
  witness: uptoWitnessSchema,
});
export type UptoPermit2Authorization = z.infer<typeof uptoPermit2AuthorizationSchema>;

/** `payload` of an upto EVM payment (scheme_upto_evm.md phase 2). */
export const uptoEvmPayloadSchema = z.object({
  signature: hexSchema,
  permit2Authorization: uptoPermit2AuthorizationSchema,
});
export type UptoEvmPayload = z.infer<typeof uptoEvmPayloadSchema>;

/**
 * `extra` of upto requirements (scheme_upto_evm.md §2): the token's EIP-712 domain (used only for the EIP-2612
 * gas-sponsoring extension), the facilitator that will settle, and `assetTransferMethod: "permit2"`.
 */
export const uptoEvmExtraSchema = z.looseObject({
  name: z.string().optional(),
  version: z.string().optional(),
  facilitatorAddress: evmAddressSchema.optional(),
  assetTransferMethod: z.literal("permit2").optional(),
});
export type UptoEvmExtra = z.infer<typeof uptoEvmExtraSchema>;
