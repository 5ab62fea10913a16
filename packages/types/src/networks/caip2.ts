import { X402TypesError } from "../errors.js";

export type Caip2 = { namespace: string; reference: string };

const caip2Pattern = /^([-a-z0-9]{3,8}):([-_a-zA-Z0-9]{1,32})$/;

/** Splits a CAIP-2 id (`eip155:8453`) into namespace and reference (spec v2 §11.1). Throws on anything else. */
export function parseCaip2(network: string): Caip2 {
  const match = caip2Pattern.exec(network);
  if (!match)
    throw new X402TypesError("invalid_network", `"${network}" is not a CAIP-2 network id.`, { network });
  return { namespace: match[1]!, reference: match[2]! };
}

/** Formats a CAIP-2 id; `formatCaip2("eip155", 8453)` is `"eip155:8453"`. */
export function formatCaip2(namespace: string, reference: string | number): string {
  const id = `${namespace}:${reference}`;
  parseCaip2(id);
  return id;
}

/** The chain id of an `eip155:<id>` network, or undefined. */
export function evmChainId(network: string): number | undefined {
  const match = /^eip155:(\d{1,15})$/.exec(network);
  return match ? Number(match[1]) : undefined;
}

/** Whether a CAIP-2 id matches a pattern: the same id, or `namespace:*`. */
export function matchesNetworkPattern(network: string, pattern: string): boolean {
  if (pattern === network) return true;
  if (!pattern.endsWith(":*")) return false;
  const namespace = pattern.slice(0, -2);
  return network.startsWith(`${namespace}:`) && network.length > namespace.length + 1;
}
