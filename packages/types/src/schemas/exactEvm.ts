import { z } from "zod";
import { bytes32Schema, evmAddressSchema, hexSchema, uintStringSchema } from "./primitives.js";

/** The EIP-3009 authorization of the exact EVM scheme (scheme_exact_evm.md, spec v2 §5.2.2). */
export const eip3009AuthorizationSchema = z.object({
  from: evmAddressSchema,
  to: evmAddressSchema,
  value: uintStringSchema,
  validAfter: uintStringSchema,
  validBefore: uintStringSchema,
  nonce: bytes32Schema,
});
export type Eip3009Authorization = z.infer<typeof eip3009AuthorizationSchema>;

/** `payload` of an exact EVM payment through EIP-3009. */
export const exactEvmEip3009PayloadSchema = z.object({
  signature: hexSchema,
  authorization: eip3009AuthorizationSchema,
});
export type ExactEvmEip3009Payload = z.infer<typeof exactEvmEip3009PayloadSchema>;

/** The Permit2 `PermitWitnessTransferFrom` authorization of the exact EVM scheme (assetTransferMethod "permit2"). */
export const permit2AuthorizationSchema = z.object({
  permitted: z.object({ token: evmAddressSchema, amount: uintStringSchema }),
  from: evmAddressSchema,
  spender: evmAddressSchema,
  nonce: uintStringSchema,
  deadline: uintStringSchema,
  witness: z.looseObject({ to: evmAddressSchema, validAfter: uintStringSchema }),
});
export type Permit2Authorization = z.infer<typeof permit2AuthorizationSchema>;

/** `payload` of an exact EVM payment through Permit2. */
export const exactEvmPermit2PayloadSchema = z.object({
  signature: hexSchema,
  permit2Authorization: permit2AuthorizationSchema,
});
export type ExactEvmPermit2Payload = z.infer<typeof exactEvmPermit2PayloadSchema>;

/** The `extra` of exact EVM requirements: the token's EIP-712 domain, and how it moves. */
export const exactEvmExtraSchema = z.looseObject({
  name: z.string().optional(),
  version: z.string().optional(),
  assetTransferMethod: z.enum(["eip3009", "permit2"]).optional(),
});
export type ExactEvmExtra = z.infer<typeof exactEvmExtraSchema>;
