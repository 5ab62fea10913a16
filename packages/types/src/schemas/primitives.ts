import { z } from "zod";
import { isJsonWithinDepth, MAX_JSON_DEPTH } from "./isJsonWithinDepth.js";

const MAX_UINT256 = 2n ** 256n - 1n;

/** An amount in atomic units: a non-negative decimal integer string that fits in a uint256 (spec v2 §5.1.2). */
export const atomicAmountSchema = z
  .string()
  .refine(
    (value) => /^\d{1,78}$/.test(value) && BigInt(value) <= MAX_UINT256,
    "must be a non-negative integer string in atomic units that fits in a uint256",
  );

/** A CAIP-2 chain id, `namespace:reference` (spec v2 §11.1). */
export const caip2Schema = z
  .string()
  .regex(/^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/, "must be a CAIP-2 id like eip155:8453");

/** A CAIP-2 id or a namespace wildcard (`eip155:*`), as used in `signers`. */
export const networkPatternSchema = z.string().regex(/^[-a-z0-9]{3,8}:([-_a-zA-Z0-9]{1,32}|\*)$/);

/** Free-form JSON that nests at most MAX_JSON_DEPTH levels (deeper input only attacks recursive walkers). */
export const boundedJsonSchema = z
  .unknown()
  .refine((value) => isJsonWithinDepth(value), `must not nest deeper than ${MAX_JSON_DEPTH} levels`);

/** A free-form JSON object (scheme `extra`, scheme `payload`), at most MAX_JSON_DEPTH levels deep. */
export const jsonObjectSchema = z
  .record(z.string(), z.unknown())
  .refine((value) => isJsonWithinDepth(value), `must not nest deeper than ${MAX_JSON_DEPTH} levels`);

/** A 0x-prefixed 20-byte address (any case). */
export const evmAddressSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte address");

/** 0x-prefixed hex bytes. */
export const hexSchema = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, "must be 0x-prefixed hex bytes");

/** 0x-prefixed 32 bytes. */
export const bytes32Schema = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be 0x-prefixed 32 bytes");

/** A uint256 as a decimal string (EIP-3009 time bounds, Permit2 nonces and deadlines). */
export const uintStringSchema = atomicAmountSchema;
