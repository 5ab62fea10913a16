/**
 * v1 network names and their chain ids (spec v1 §5.1.2; the names the reference v1 packages accept).
 * `hardhat` is x402kit's name for a local chain (31337), so that v1 payments can be tested locally.
 */
export const v1Networks = {
  base: "eip155:8453",
  "base-sepolia": "eip155:84532",
  avalanche: "eip155:43114",
  "avalanche-fuji": "eip155:43113",
  iotex: "eip155:4689",
  sei: "eip155:1329",
  "sei-testnet": "eip155:1328",
  polygon: "eip155:137",
  "polygon-amoy": "eip155:80002",
  peaq: "eip155:3338",
  story: "eip155:1514",
  educhain: "eip155:41923",
  abstract: "eip155:2741",
  "abstract-testnet": "eip155:11124",
  "skale-base-sepolia": "eip155:324705682",
  hardhat: "eip155:31337",
  solana: "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp",
  "solana-devnet": "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1",
} as const satisfies Record<string, string>;

export type V1Network = keyof typeof v1Networks;

const byCaip2 = new Map<string, string>(Object.entries(v1Networks).map(([name, id]) => [id, name]));

/** The CAIP-2 id of a v1 network name, or undefined for an unknown name. */
export function v1NetworkToCaip2(network: string): string | undefined {
  return Object.hasOwn(v1Networks, network) ? v1Networks[network as V1Network] : undefined;
}

/** The v1 name of a CAIP-2 network, or undefined when v1 has no name for it. */
export function caip2ToV1Network(network: string): string | undefined {
  return byCaip2.get(network);
}
