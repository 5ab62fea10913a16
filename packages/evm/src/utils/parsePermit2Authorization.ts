import type { Permit2Authorization } from "@x402kit/types";
import { type Address, getAddress } from "viem";

/** The witness fields that every x402 Permit2 witness has (exact and upto): the recipient and the start time. */
export type Permit2WitnessValues = { to: Address; validAfter: bigint };

/** A Permit2 authorization with its numbers as bigints and its addresses checksummed, ready for viem. */
export type Permit2AuthorizationValues<witness extends Record<string, unknown> = Permit2WitnessValues> = {
  permitted: { token: Address; amount: bigint };
  from: Address;
  spender: Address;
  nonce: bigint;
  deadline: bigint;
  witness: witness;
};

/**
 * Converts a wire `permit2Authorization` (decimal strings, already schema-checked) to the values that viem signs
 * and sends. The witness keeps `to` and `validAfter`; a scheme with more witness fields (upto) adds its own.
 */
export function parsePermit2Authorization(authorization: Permit2Authorization): Permit2AuthorizationValues {
  const { permitted, witness } = authorization;
  return {
    permitted: { token: getAddress(permitted.token), amount: BigInt(permitted.amount) },
    from: getAddress(authorization.from),
    spender: getAddress(authorization.spender),
    nonce: BigInt(authorization.nonce),
    deadline: BigInt(authorization.deadline),
    witness: { to: getAddress(witness.to), validAfter: BigInt(witness.validAfter) },
  };
}
