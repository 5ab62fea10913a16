import type { TypedDataDefinition, TypedDataParameter } from "viem";
import { permit2Address } from "../constants.js";
import { permit2WitnessTransferTypes } from "../permit2Types.js";
import type { Permit2AuthorizationValues } from "./parsePermit2Authorization.js";

export type Permit2WitnessTypedDataParameters = {
  chainId: number;
  /** `from` is not part of the signed message: it is the signer. */
  authorization: Omit<Permit2AuthorizationValues<Record<string, unknown>>, "from">;
  /** The scheme's `Witness` type, e.g. `exactPermit2WitnessType`. */
  witnessType: readonly TypedDataParameter[];
};

/**
 * The full EIP-712 typed data of a Permit2 `PermitWitnessTransferFrom`, as the client signs it and the facilitator
 * hashes it. The domain is Permit2's `{ name: "Permit2", chainId, verifyingContract: Permit2 }` (no version).
 */
export function permit2WitnessTypedData(parameters: Permit2WitnessTypedDataParameters): TypedDataDefinition {
  const { chainId, witnessType } = parameters;
  const { permitted, spender, nonce, deadline, witness } = parameters.authorization;
  return {
    domain: { name: "Permit2", chainId, verifyingContract: permit2Address },
    types: { ...permit2WitnessTransferTypes, Witness: witnessType },
    primaryType: "PermitWitnessTransferFrom",
    message: { permitted, spender, nonce, deadline, witness },
  };
}
