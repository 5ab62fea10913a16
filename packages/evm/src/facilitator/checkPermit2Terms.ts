import type { ReasonCode } from "@x402kit/types";
import { type Address, isAddressEqual } from "viem";
import type { Permit2AuthorizationValues } from "../utils/parsePermit2Authorization.js";

export type CheckPermit2TermsParameters = {
  authorization: Permit2AuthorizationValues;
  /** The scheme's x402 proxy, the only spender accepted. */
  spender: Address;
  /** The requirements' `asset` and `payTo`. */
  asset: Address;
  payTo: Address;
  /** Unix seconds. */
  now: bigint;
  /** The authorization must stay valid this many seconds past now. */
  validityMarginSeconds: number;
};

export type CheckPermit2TermsReturnType = { reason: ReasonCode; message: string } | undefined;

/**
 * The Permit2 checks that need no RPC and that every x402 Permit2 scheme makes (scheme_exact_evm.md §2 phase 3,
 * scheme_upto_evm.md phase 3): spender = the scheme's proxy, token = asset, witness recipient = payTo, `deadline`
 * beyond now plus the margin (Permit2 refuses after it) and `witness.validAfter` reached (the proxy refuses before
 * it). Undefined when all hold.
 */
export function checkPermit2Terms(parameters: CheckPermit2TermsParameters): CheckPermit2TermsReturnType {
  const { authorization, spender, asset, payTo, now, validityMarginSeconds } = parameters;
  const { permitted, witness, deadline } = authorization;
  if (!isAddressEqual(authorization.spender, spender))
    return {
      reason: "invalid_permit2_spender",
      message: `The spender is ${authorization.spender}, not the x402 proxy ${spender}.`,
    };
  if (!isAddressEqual(permitted.token, asset))
    return {
      reason: "invalid_permit2_token_mismatch",
      message: `The authorization moves ${permitted.token}, not the asset ${asset}.`,
    };
  if (!isAddressEqual(witness.to, payTo))
    return {
      reason: "invalid_permit2_recipient_mismatch",
      message: `The witness pays ${witness.to}, not payTo ${payTo}.`,
    };
  if (deadline <= now + BigInt(validityMarginSeconds))
    return {
      reason: "permit2_deadline_expired",
      message: `The authorization expired (deadline ${deadline}, now ${now}).`,
    };
  if (witness.validAfter > now)
    return {
      reason: "permit2_not_yet_valid",
      message: `The authorization is not valid yet (validAfter ${witness.validAfter}, now ${now}).`,
    };
  return undefined;
}
