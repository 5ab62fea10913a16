import type {
  CreatePaymentPayloadParameters,
  CreatePaymentPayloadReturnType,
  SchemeClient,
} from "@x402kit/core";
import { ExactEvmError } from "../errors/ExactEvmError.js";
import { nowSeconds } from "../utils/nowSeconds.js";
import { parseExactEvmRequirements } from "../utils/parseExactEvmRequirements.js";
import { type ExactEvmSigner, signEip3009Authorization } from "./signEip3009Authorization.js";

export type ExactEvmClientParameters = {
  /** The payer: a viem LocalAccount, or anything with `address` and `signTypedData`. */
  account: ExactEvmSigner;
  /** The networks to pay on. Default: every EVM network, `["eip155:*"]`. */
  networks?: readonly string[] | undefined;
  /** The clock, in Unix seconds (for tests). */
  now?: (() => number) | undefined;
};

export type ExactEvmClientReturnType = SchemeClient;

export type ExactEvmClientErrorType = ExactEvmError;

/**
 * The client side of the exact scheme on EVM: signs an EIP-3009 authorization for the chosen requirements.
 * Throws ExactEvmError for requirements it cannot pay: a non-EVM network, no EIP-712 domain in `extra`, or
 * `assetTransferMethod: "permit2"` (not supported yet).
 */
export function exactEvmClient(parameters: ExactEvmClientParameters): ExactEvmClientReturnType {
  const { account, networks = ["eip155:*"], now = nowSeconds } = parameters;
  return {
    scheme: "exact",
    networks,
    async createPaymentPayload({
      requirements,
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
      // scheme_exact_evm.md: EIP-3009 unless the requirements ask for another method. A Permit2 path goes here.
      if (method !== "eip3009")
        throw new ExactEvmError(
          "invalid_payment_requirements",
          `Asset transfer method "${method}" is not supported yet.`,
          {
            details: { assetTransferMethod: method },
          },
        );
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
