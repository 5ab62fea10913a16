/** A token that the server can price in: its address, EIP-712 domain and decimals. */
export type ExactEvmAsset = {
  address: string;
  /** The token's EIP-712 `name` (what `name()` returns; differs between chains, never assume it). */
  name: string;
  /** The token's EIP-712 `version`. */
  version: string;
  decimals: number;
  /**
   * How the exact scheme moves it (scheme_exact_evm.md): `"eip3009"` (the default, for tokens with
   * `transferWithAuthorization`) or `"permit2"` (any ERC-20, through Permit2 and the x402 exact proxy).
   */
  transferMethod?: "eip3009" | "permit2" | undefined;
};

/**
 * Circle's native USDC (FiatToken v2.x, EIP-3009) by CAIP-2 network, with the EIP-712 domain each deployment
 * actually uses: "USD Coin" on the mainnets, "USDC" on several testnets.
 */
export const knownUsdcDeployments: Readonly<Record<string, ExactEvmAsset>> = {
  // Ethereum
  "eip155:1": {
    address: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
    name: "USD Coin",
    version: "2",
    decimals: 6,
  },
  // Sepolia
  "eip155:11155111": {
    address: "0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238",
    name: "USDC",
    version: "2",
    decimals: 6,
  },
  // Base
  "eip155:8453": {
    address: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
    name: "USD Coin",
    version: "2",
    decimals: 6,
  },
  // Base Sepolia
  "eip155:84532": {
    address: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
    name: "USDC",
    version: "2",
    decimals: 6,
  },
  // Avalanche C-Chain
  "eip155:43114": {
    address: "0xB97EF9Ef8734C71904D8002F8b6Bc66Dd9c48a6E",
    name: "USD Coin",
    version: "2",
    decimals: 6,
  },
  // Avalanche Fuji
  "eip155:43113": {
    address: "0x5425890298aed601595a70AB815c96711a31Bc65",
    name: "USD Coin",
    version: "2",
    decimals: 6,
  },
  // Polygon PoS
  "eip155:137": {
    address: "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359",
    name: "USD Coin",
    version: "2",
    decimals: 6,
  },
  // Polygon Amoy
  "eip155:80002": {
    address: "0x41E94Eb019C0762f9Bfcf9Fb1E58725BfB0e7582",
    name: "USDC",
    version: "2",
    decimals: 6,
  },
  // Arbitrum One
  "eip155:42161": {
    address: "0xaf88d065e77c8cC2239327C5EDb3A432268e5831",
    name: "USD Coin",
    version: "2",
    decimals: 6,
  },
  // Arbitrum Sepolia
  "eip155:421614": {
    address: "0x75faf114eafb1BDbe2F0316DF893fd58CE46AA4d",
    name: "USD Coin",
    version: "2",
    decimals: 6,
  },
  // OP Mainnet
  "eip155:10": {
    address: "0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85",
    name: "USD Coin",
    version: "2",
    decimals: 6,
  },
};
