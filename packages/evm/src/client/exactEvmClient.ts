import type {
  CreatePaymentPayloadParameters,
  CreatePaymentPayloadReturnType,
  SchemeClient,
} from "@x402kit/core";
import { exactPermit2ProxyAddress } from "../constants.js";
import { ExactEvmError } from "../errors/ExactEvmError.js";
import { exactPermit2WitnessType } from "../permit2Types.js";
import { nowSeconds } from "../utils/nowSeconds.js";
import { parseExactEvmRequirements } from "../utils/parseExactEvmRequirements.js";
import { createPermit2Payment } from "./createPermit2Payment.js";
import { type EvmClientOption, resolveEvmClient } from "./resolveEvmClient.js";
import { type ExactEvmSigner, signEip3009Authorization } from "./signEip3009Authorization.js";

export type ExactEvmClientParameters = {
  /** The payer: a viem LocalAccount, or anything with `address` and `signTypedData`. */
  account: ExactEvmSigner;
  /** The networks to pay on. Default: every EVM network, `["eip155:*"]`. */
  networks?: readonly string[] | undefined;
  /** The clock, in Unix seconds (for tests). */
  now?: (() => number) | undefined;
  /**
   * A viem client (or one per network) to read the payer's Permit2 allowance. With it, when Permit2 requirements come
   * with a 402 that offers `eip2612GasSponsoring` and the allowance is too small, the client also signs an EIP-2612
   * permit for Permit2, so that no approval transaction is needed. Without it, the payer must have approved Permit2.
   */
  publicClient?: EvmClientOption | undefined;
};

export type ExactEvmClientReturnType = SchemeClient;

export type ExactEvmClientErrorType = ExactEvmError;

/**
 * The client side of the exact scheme on EVM (scheme_exact_evm.md): signs an EIP-3009 authorization, or with
 * `extra.assetTransferMethod: "permit2"` a Permit2 `PermitWitnessTransferFrom` to the x402 exact proxy. Throws
 * ExactEvmError for requirements it cannot pay: another scheme, a non-EVM network, or EIP-3009 requirements without
 * the token's EIP-712 domain in `extra`.
 */
export function exactEvmClient(parameters: ExactEvmClientParameters): ExactEvmClientReturnType {
  const { account, networks = ["eip155:*"], now = nowSeconds, publicClient } = parameters;
  return {
    scheme: "exact",
    networks,
    async createPaymentPayload({
      requirements,
      extensions,
    }: CreatePaymentPayloadParameters): Promise<CreatePaymentPayloadReturnType> {
      if (requirements.scheme !== "exact")
        throw new ExactEvmError(
          "invalid_payment_requirements",
          `Cannot pay scheme "${requirements.scheme}".`,
          {
            details: { scheme: requirements.scheme },
          },
        );
      const parsed = parseExactEvmRequirements(requirements);
      if (!parsed.ok) throw new ExactEvmError(parsed.code, parsed.message, { details: { requirements } });
      const { domain, method } = parsed.requirements;
      // scheme_exact_evm.md: EIP-3009 unless the requirements ask for Permit2.
      if (method === "permit2")
        return createPermit2Payment({
          account,
          requirements: parsed.requirements,
          maxTimeoutSeconds: requirements.maxTimeoutSeconds,
          now: now(),
          spender: exactPermit2ProxyAddress,
          witnessType: exactPermit2WitnessType,
          client: resolveEvmClient(publicClient, requirements.network),
          offered: extensions,
        });
      if (!domain)
        throw new ExactEvmError(
          "invalid_payment_requirements",
          "EIP-3009 needs the token's EIP-712 domain in `extra.name` and `extra.version`.",
          { details: { extra: requirements.extra } },
        );
      const payload = await signEip3009Authorization({
        account,
        requirements: { ...parsed.requirements, domain },
        maxTimeoutSeconds: requirements.maxTimeoutSeconds,
        now: now(),
      });
      return { payload };
    },
  };
}
