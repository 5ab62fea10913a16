import type { Hex } from "viem";

/** The EIP-3009 nonce of an exact EVM payment's `payload` (scheme_exact_evm.md), if it has one. */
export function authorizationNonceOf(payload: unknown): Hex | undefined {
  const nonce = (payload as { authorization?: { nonce?: unknown } } | undefined)?.authorization?.nonce;
  return typeof nonce === "string" ? (nonce as Hex) : undefined;
}
