import type { Address } from "@solana/kit";

/** The SPL Token program. */
export const tokenProgramAddress = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA" as Address;
/** The Token-2022 program: its TransferChecked has the SPL Token layout (discriminator 12, amount, decimals). */
export const token2022ProgramAddress = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb" as Address;
export const computeBudgetProgramAddress = "ComputeBudget111111111111111111111111111111" as Address;
export const memoProgramAddress = "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr" as Address;
/** Lighthouse: the assertions that Phantom and Solflare add (scheme_exact_svm.md §3.1 MUST allow them). */
export const lighthouseProgramAddress = "L2TExMFKdjpN9kozasaurPirfHy9P8sbXoAN1qA3S95" as Address;

/** The CAIP-2 ids of the public Solana clusters (spec v2 §11.1). */
export const solanaNetworks = {
  mainnet: "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp",
  devnet: "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1",
  testnet: "solana:4uhcVJyU9pJkvQyS88uRDiswHXSCkY3z",
} as const;

/** Circle's USDC mint on the public clusters (SPL Token, 6 decimals). */
export const knownUsdcMints: Readonly<Record<string, Address>> = {
  [solanaNetworks.mainnet]: "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v" as Address,
  [solanaNetworks.devnet]: "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU" as Address,
  [solanaNetworks.testnet]: "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU" as Address,
};

/** The public RPC endpoints of the clusters, for a client given no `rpcUrl`. */
export const publicRpcUrls: Readonly<Record<string, string>> = {
  [solanaNetworks.mainnet]: "https://api.mainnet-beta.solana.com",
  [solanaNetworks.devnet]: "https://api.devnet.solana.com",
  [solanaNetworks.testnet]: "https://api.testnet.solana.com",
};

/** The client's defaults (scheme_exact_svm.md §3.1: a limit, a price, the transfer, a memo). */
export const defaultComputeUnitLimit = 20_000;
export const defaultComputeUnitPriceMicroLamports = 1n;
/**
 * The facilitator's caps: 400 000 units (scheme_exact_svm.md §2.2.1 Compute Budget Controls) and 5 lamports per unit
 * (§3.1 Path 1 — Static Layout Verification; §2.2.1's 50 000 micro-lamports default is for the smart-wallet path).
 */
export const defaultMaxComputeUnits = 400_000;
export const defaultMaxComputeUnitPriceMicroLamports = 5_000_000n;
/**
 * `extra.memo` is at most 256 bytes (scheme_exact_svm.md, "PaymentRequirements for exact"); without it the client's
 * memo is a random nonce of at least 16 bytes, hex (§3.1 Path 1 — Static Layout Verification).
 */
export const maxMemoBytes = 256;

/**
 * The `extra` fields of exact SVM requirements that are hints for building the transaction, not terms
 * (scheme_exact_svm.md: they do not bind the transaction, and verification does not compare them): a server may put
 * a fresh blockhash in each 402, so they are left out when `accepted` is matched against the requirements.
 */
export const exactSvmExtraHints = ["recentBlockhash", "lastValidBlockHeight"] as const;
