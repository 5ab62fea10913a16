import type { CreatePaymentPayloadReturnType } from "@x402kit/core";
import type { Extensions } from "@x402kit/types";
import type { Address, TypedDataParameter } from "viem";
import type { EvmClient } from "../facilitator/types.js";
import type { ExactEvmRequirements } from "../utils/parseExactEvmRequirements.js";
import { validityWindow } from "../utils/validityWindow.js";
import { signEip2612GasSponsoring } from "./signEip2612GasSponsoring.js";
import type { ExactEvmSigner } from "./signEip3009Authorization.js";
import { signPermit2Authorization } from "./signPermit2Authorization.js";

export type CreatePermit2PaymentParameters = {
  account: ExactEvmSigner;
  requirements: Pick<ExactEvmRequirements, "chainId" | "asset" | "payTo" | "amount" | "domain">;
  maxTimeoutSeconds: number;
  /** Unix seconds. */
  now: number;
  /** The x402 proxy that may spend the tokens (the scheme's). */
  spender: Address;
  /** The scheme's `Witness` type. */
  witnessType: readonly TypedDataParameter[];
  /** Witness fields beyond `to` and `validAfter` (upto: `facilitator`). */
  witness?: Readonly<Record<string, Address>> | undefined;
  /** Reads the payer's allowance for the `eip2612GasSponsoring` extension. */
  client?: EvmClient | undefined;
  /** The 402's `extensions`. */
  offered?: Extensions | undefined;
};

/**
 * A client's Permit2 payment (scheme_exact_evm.md §2, scheme_upto_evm.md): signs `PermitWitnessTransferFrom` for
 * `amount` of `asset` to the scheme's proxy, with `deadline = now + maxTimeoutSeconds` and the witness
 * `{ to: payTo, ..., validAfter: now - 600 }`; then, when the 402 offers `eip2612GasSponsoring` and the payer's
 * Permit2 allowance is too small, adds an EIP-2612 permit for Permit2 that expires with the authorization.
 */
export async function createPermit2Payment(
  parameters: CreatePermit2PaymentParameters,
): Promise<CreatePaymentPayloadReturnType> {
  const { account, requirements, spender, witnessType, client, offered } = parameters;
  const { chainId, asset, payTo, amount, domain } = requirements;
  const { validAfter, validBefore } = validityWindow({
    now: parameters.now,
    maxTimeoutSeconds: parameters.maxTimeoutSeconds,
  });
  const payload = await signPermit2Authorization({
    account,
    chainId,
    permitted: { token: asset, amount },
    spender,
    deadline: validBefore,
    witness: { to: payTo, ...parameters.witness, validAfter },
    witnessType,
  });
  const extensions = await signEip2612GasSponsoring({
    account,
    client,
    offered,
    chainId,
    token: asset,
    domain,
    amount,
    deadline: validBefore,
  });
  return extensions ? { payload, extensions } : { payload };
}
