import { type Address, getAddress } from "viem";
import type { UptoPermit2Authorization } from "../schemas.js";

/** An upto authorization with its numbers as bigints and its addresses checksummed, ready for viem. */
export type UptoPermit2AuthorizationValues = {
  permitted: { token: Address; amount: bigint };
  from: Address;
  spender: Address;
  nonce: bigint;
  deadline: bigint;
  witness: { to: Address; facilitator: Address; validAfter: bigint };
};

/** Converts a wire authorization (decimal strings, already schema-checked) to the values that viem signs and sends. */
export function parseUptoPermit2Authorization(
  authorization: UptoPermit2Authorization,
): UptoPermit2AuthorizationValues {
  const { permitted, witness } = authorization;
  return {
    permitted: { token: getAddress(permitted.token), amount: BigInt(permitted.amount) },
    from: getAddress(authorization.from),
    spender: getAddress(authorization.spender),
    nonce: BigInt(authorization.nonce),
    deadline: BigInt(authorization.deadline),
    witness: {
      to: getAddress(witness.to),
      facilitator: getAddress(witness.facilitator),
      validAfter: BigInt(witness.validAfter),
    },
  };
}
