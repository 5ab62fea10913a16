import { evmAddressSchema, evmChainId } from "@x402kit/types";
import { getAddress } from "viem";
import { ExactEvmError } from "../errors/ExactEvmError.js";
import type { ExactEvmAsset } from "./knownUsdcDeployments.js";

/**
 * Validates the server's `assets` option at start-up: keys are `eip155:<id>` networks, each asset has an EVM
 * address, a non-empty EIP-712 name and version, integer decimals, and optionally a `transferMethod`. Throws
 * ExactEvmError("invalid_config").
 */
export function parseAssetsConfig(assets: unknown): Record<string, ExactEvmAsset> {
  if (assets === undefined) return {};
  if (typeof assets !== "object" || assets === null || Array.isArray(assets))
    throw new ExactEvmError("invalid_config", "`assets` must be an object keyed by network.");
  const parsed: Record<string, ExactEvmAsset> = {};
  for (const [network, asset] of Object.entries(assets)) {
    const fail = (message: string): never => {
      throw new ExactEvmError("invalid_config", `assets["${network}"]: ${message}`, {
        details: { network, asset },
      });
    };
    if (evmChainId(network) === undefined) fail("the key must be an EVM network like eip155:8453.");
    if (typeof asset !== "object" || asset === null) fail("must be { address, name, version, decimals }.");
    const { address, name, version, decimals, transferMethod } = asset as Record<string, unknown>;
    if (!evmAddressSchema.safeParse(address).success) fail("`address` must be an EVM address.");
    if (typeof name !== "string" || name.length === 0) fail("`name` must be the token's EIP-712 name.");
    if (typeof version !== "string" || version.length === 0)
      fail("`version` must be the token's EIP-712 version.");
    if (typeof decimals !== "number" || !Number.isInteger(decimals) || decimals < 0 || decimals > 77)
      fail("`decimals` must be an integer between 0 and 77.");
    if (transferMethod !== undefined && transferMethod !== "eip3009" && transferMethod !== "permit2")
      fail('`transferMethod` must be "eip3009" or "permit2".');
    parsed[network] = {
      address: getAddress(address as string),
      name: name as string,
      version: version as string,
      decimals: decimals as number,
      ...(transferMethod === "permit2" ? { transferMethod } : {}),
    };
  }
  return parsed;
}
