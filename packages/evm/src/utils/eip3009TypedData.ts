import { eip3009Types } from "../eip3009Types.js";
import { type BuildTokenDomainParameters, buildTokenDomain } from "./buildTokenDomain.js";
import type { Eip3009AuthorizationValues } from "./parseEip3009Authorization.js";

export type Eip3009TypedDataParameters = {
  domain: BuildTokenDomainParameters;
  authorization: Eip3009AuthorizationValues;
};

/**
 * The full EIP-712 typed data of a `TransferWithAuthorization`, as the client signs it and the facilitator
 * hashes it (spec v2 §6.1.1). One definition, so that both sides agree on every byte.
 */
export function eip3009TypedData(parameters: Eip3009TypedDataParameters) {
  return {
    domain: buildTokenDomain(parameters.domain),
    types: eip3009Types,
    primaryType: "TransferWithAuthorization",
    message: parameters.authorization,
  } as const;
}

export type Eip3009TypedDataReturnType = ReturnType<typeof eip3009TypedData>;
