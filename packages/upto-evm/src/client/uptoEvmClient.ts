import type {
  CreatePaymentPayloadParameters,
  CreatePaymentPayloadReturnType,
  SchemeClient,
} from "@x402kit/core";
import {
  createPermit2Payment,
  type EvmClientOption,
  type ExactEvmSigner,
  nowSeconds,
  resolveEvmClient,
} from "@x402kit/evm";
import { uptoPermit2ProxyAddress, uptoPermit2WitnessType } from "../constants.js";
import { UptoEvmError } from "../errors/UptoEvmError.js";
import { parseUptoEvmRequirements } from "../utils/parseUptoEvmRequirements.js";

export type UptoEvmClientParameters = {
  /** The payer: a viem LocalAccount, or anything with `address` and `signTypedData`. */
  account: ExactEvmSigner;
  /** The networks to pay on. Default: every EVM network, `["eip155:*"]`. */
  networks?: readonly string[] | undefined;
  /** The clock, in Unix seconds (for tests). */
  now?: (() => number) | undefined;
  /**
   * A viem client per network (or one for all), to read the payer's Permit2 allowance. With it, when the 402 offers
   * the `eip2612GasSponsoring` extension and the allowance is too small, the client also signs an EIP-2612 permit
   * for Permit2, so that no approval transaction is needed. Without it, the payer must have approved Permit2.
   */
  publicClient?: EvmClientOption | undefined;
};

export type UptoEvmClientReturnType = SchemeClient;

export type UptoEvmClientErrorType = UptoEvmError;

/**
 * The client side of the upto scheme on EVM: signs a Permit2 authorization for the requirement's maximum amount,
 * bound to the recipient and to the facilitator named in `extra.facilitatorAddress` (scheme_upto_evm.md), with
 * @x402kit/evm's `createPermit2Payment`. The payer must have approved Permit2 on the token once (see the README).
 * Throws UptoEvmError for requirements it cannot pay: another scheme, a non-EVM network, or no facilitator address.
 */
export function uptoEvmClient(parameters: UptoEvmClientParameters): UptoEvmClientReturnType {
  const { account, networks = ["eip155:*"], now = nowSeconds, publicClient } = parameters;
  return {
    scheme: "upto",
    networks,
    async createPaymentPayload({
      requirements,
      extensions,
    }: CreatePaymentPayloadParameters): Promise<CreatePaymentPayloadReturnType> {
      if (requirements.scheme !== "upto")
        throw new UptoEvmError(
          "invalid_payment_requirements",
          `Cannot pay scheme "${requirements.scheme}".`,
          {
            details: { scheme: requirements.scheme },
          },
        );
      const parsed = parseUptoEvmRequirements(requirements);
      if (!parsed.ok) throw new UptoEvmError(parsed.code, parsed.message, { details: { requirements } });
      const { facilitator } = parsed.requirements;
      if (!facilitator)
        throw new UptoEvmError(
          "invalid_payment_requirements",
          "upto needs the facilitator's address in `extra.facilitatorAddress`: only that facilitator may settle.",
          { details: { extra: requirements.extra } },
        );
      return createPermit2Payment({
        account,
        requirements: parsed.requirements,
        maxTimeoutSeconds: requirements.maxTimeoutSeconds,
        now: now(),
        spender: uptoPermit2ProxyAddress,
        witnessType: uptoPermit2WitnessType,
        witness: { facilitator },
        client: resolveEvmClient(publicClient, requirements.network),
        offered: extensions,
      });
    },
  };
}
