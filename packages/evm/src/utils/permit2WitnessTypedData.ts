import type { TypedDataDefinition, TypedDataParameter } from "viem";
import { permit2Address } from "../constants.js";
import { permit2WitnessTransferTypes } from "../permit2Types.js";
import type { Permit2AuthorizationValues } from "./parsePermit2Authorization.js";

export type Permit2WitnessTypedDataParameters = {
  chainId: number;
  /** `from` is not part of the signed message: it is the signer. */
  authorization: Omit<Permit2AuthorizationValues<Record<string, unknown>>, "from">;
  /** The scheme's witness type, e.g. `exactPermit2WitnessType`. */
  witnessType: readonly TypedDataParameter[];
  /** The witness type's name, part of what is signed: `Witness` (exact, upto) unless the scheme names it otherwise
   * (batch-settlement deposits: `DepositWitness`). */
  witnessName?: string | undefined;
};

/**
 * The full EIP-712 typed data of a Permit2 `PermitWitnessTransferFrom`, as the client signs it and the facilitator
 * hashes it. The domain is Permit2's `{ name: "Permit2", chainId, verifyingContract: Permit2 }` (no version).
 */
export function permit2WitnessTypedData(parameters: Permit2WitnessTypedDataParameters): TypedDataDefinition {
  const { chainId, witnessType, witnessName = "Witness" } = parameters;
  const { permitted, spender, nonce, deadline, witness } = parameters.authorization;
  const { PermitWitnessTransferFrom, TokenPermissions } = permit2WitnessTransferTypes;
  const types: Record<string, readonly TypedDataParameter[]> = {
    PermitWitnessTransferFrom: PermitWitnessTransferFrom.map((field) =>
      field.name === "witness" ? { ...field, type: witnessName } : field,
    ),
    TokenPermissions,
    [witnessName]: witnessType,
  };
  return {
    domain: { name: "Permit2", chainId, verifyingContract: permit2Address },
    types: types as TypedDataDefinition["types"],
    primaryType: "PermitWitnessTransferFrom",
    message: { permitted, spender, nonce, deadline, witness },
  };
}
