import type { EvmClient } from "../facilitator/types.js";

/** A viem client for every network, or one per CAIP-2 network. */
export type EvmClientOption = EvmClient | Readonly<Record<string, EvmClient>>;

/** The client to read `network` with: the one client, or the network's entry; undefined when none is given. */
export function resolveEvmClient(
  option: EvmClientOption | undefined,
  network: string,
): EvmClient | undefined {
  if (!option) return undefined;
  if ("request" in option && typeof option.request === "function") return option as EvmClient;
  return (option as Readonly<Record<string, EvmClient>>)[network];
}
