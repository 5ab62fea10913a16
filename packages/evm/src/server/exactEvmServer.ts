import { type BuildRequirementsParameters, moneyToAtomic, type SchemeServer } from "@x402kit/core";
import { evmAddressSchema, evmChainId, type PaymentRequirements } from "@x402kit/types";
import { getAddress, isAddressEqual } from "viem";
import { ExactEvmError } from "../errors/ExactEvmError.js";
import { type ExactEvmAsset, knownUsdcDeployments } from "./knownUsdcDeployments.js";
import { parseAssetsConfig } from "./parseAssetsConfig.js";

export type ExactEvmServerParameters = {
  /**
   * The token to price in, by network, e.g. `{ "eip155:31337": { address, name, version, decimals } }`; add
   * `transferMethod: "permit2"` for a token without EIP-3009 (the requirements then carry
   * `extra.assetTransferMethod: "permit2"`). Networks left out use Circle's USDC where x402kit knows its deployment
   * (Ethereum, Base, Avalanche, Polygon, Arbitrum, Optimism and their testnets).
   */
  assets?: Record<string, ExactEvmAsset> | undefined;
};

export type ExactEvmServerReturnType = Omit<SchemeServer, "buildRequirements"> & {
  /** Synchronous: a static price costs nothing per request. */
  buildRequirements(parameters: BuildRequirementsParameters): PaymentRequirements;
};

export type ExactEvmServerErrorType = ExactEvmError;

/** A configured asset's `extra`: its EIP-712 domain, and `assetTransferMethod: "permit2"` when it moves by Permit2. */
const extraOf = (asset: ExactEvmAsset): Record<string, unknown> => ({
  name: asset.name,
  version: asset.version,
  ...(asset.transferMethod === "permit2" ? { assetTransferMethod: "permit2" } : {}),
});

/**
 * The resource-server side of the exact scheme on EVM: turns a route's price into PaymentRequirements.
 * A money price (`"$0.01"`) becomes atomic units of the network's asset; an atomic price `{ amount, asset, extra }`
 * is used as it is. `extra` carries the token's EIP-712 domain `{ name, version }` (scheme_exact_evm.md) and, for a
 * Permit2 asset, `assetTransferMethod: "permit2"`, merged with the route's own extra.
 */
export function exactEvmServer(parameters: ExactEvmServerParameters = {}): ExactEvmServerReturnType {
  const assets = parseAssetsConfig(parameters.assets);
  const assetOf = (network: string): ExactEvmAsset | undefined =>
    assets[network] ?? knownUsdcDeployments[network];

  return {
    scheme: "exact",
    networks: ["eip155:*"],
    buildRequirements(input: BuildRequirementsParameters): PaymentRequirements {
      const { network, price, payTo, maxTimeoutSeconds } = input;
      const fail = (message: string): never => {
        throw new ExactEvmError("invalid_config", message, { details: { network, price, payTo } });
      };
      if (evmChainId(network) === undefined) fail(`"${network}" is not an EVM network (eip155:<chainId>).`);
      if (!evmAddressSchema.safeParse(payTo).success) fail(`payTo "${payTo}" is not an EVM address.`);
      const known = assetOf(network);

      let asset: string;
      let amount: string;
      let domain: Record<string, unknown>;
      if (price.kind === "money") {
        if (!known)
          return fail(
            `No asset is configured for ${network} and x402kit knows no USDC there; set \`assets\`.`,
          );
        asset = known.address;
        amount = moneyToAtomic(price.usd, known.decimals).toString();
        domain = extraOf(known);
      } else {
        if (!evmAddressSchema.safeParse(price.asset).success)
          fail(`asset "${price.asset}" is not an EVM address.`);
        asset = getAddress(price.asset);
        amount = price.amount;
        const same =
          known && isAddressEqual(known.address as `0x${string}`, asset as `0x${string}`) ? known : undefined;
        domain = { ...(same ? extraOf(same) : {}), ...price.extra };
        if (typeof domain.name !== "string" || typeof domain.version !== "string")
          fail(
            `asset ${asset} is not known on ${network}: give its EIP-712 domain in the price's extra { name, version }.`,
          );
      }
      return {
        scheme: "exact",
        network,
        amount,
        asset,
        payTo: getAddress(payTo),
        maxTimeoutSeconds,
        extra: { ...domain, ...input.extra },
      };
    },
  };
}
