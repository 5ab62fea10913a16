import { evmAddressSchema, evmChainId, exactEvmExtraSchema, type PaymentRequirements } from "@x402kit/types";
import { type Address, getAddress } from "viem";

export type AssetTransferMethod = "eip3009" | "permit2";

export type ExactEvmRequirements = {
  chainId: number;
  asset: Address;
  payTo: Address;
  amount: bigint;
  /** The token's EIP-712 domain, when `extra` gives it (EIP-3009 needs it). */
  domain: { name: string; version: string } | undefined;
  /** `extra.assetTransferMethod`; EIP-3009 when absent (scheme_exact_evm.md). */
  method: AssetTransferMethod;
};

export type ParseExactEvmRequirementsReturnType =
  | { ok: true; requirements: ExactEvmRequirements }
  | { ok: false; code: "invalid_network" | "invalid_payment_requirements"; message: string };

/**
 * Reads exact EVM requirements into typed values: the chain id of the CAIP-2 network, checksummed `asset` and
 * `payTo`, the amount, and `extra` (the token's EIP-712 domain and the asset transfer method). Never throws: the
 * client turns a failure into an error, the facilitator into an invalid reason.
 */
export function parseExactEvmRequirements(
  requirements: PaymentRequirements,
): ParseExactEvmRequirementsReturnType {
  const chainId = evmChainId(requirements.network);
  if (chainId === undefined)
    return {
      ok: false,
      code: "invalid_network",
      message: `"${requirements.network}" is not an EVM network.`,
    };
  if (!evmAddressSchema.safeParse(requirements.asset).success)
    return { ok: false, code: "invalid_payment_requirements", message: "`asset` is not an EVM address." };
  if (!evmAddressSchema.safeParse(requirements.payTo).success)
    return { ok: false, code: "invalid_payment_requirements", message: "`payTo` is not an EVM address." };
  if (!/^\d{1,78}$/.test(requirements.amount))
    return { ok: false, code: "invalid_payment_requirements", message: "`amount` is not an atomic amount." };
  const extra = exactEvmExtraSchema.safeParse(requirements.extra ?? {});
  if (!extra.success)
    return {
      ok: false,
      code: "invalid_payment_requirements",
      message: "`extra` is not valid exact EVM extra.",
    };
  const { name, version, assetTransferMethod } = extra.data;
  return {
    ok: true,
    requirements: {
      chainId,
      asset: getAddress(requirements.asset),
      payTo: getAddress(requirements.payTo),
      amount: BigInt(requirements.amount),
      domain: name && version ? { name, version } : undefined,
      method: assetTransferMethod ?? "eip3009",
    },
  };
}
