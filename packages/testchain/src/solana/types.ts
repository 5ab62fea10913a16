import type { Address, Rpc, SolanaRpcApi } from "@solana/kit";
import type { LiteSVM } from "litesvm";
import type { SolanaLedger } from "./createSolanaLedger.js";
import type { SolanaTestAccount } from "./deriveSolanaTestAccounts.js";

/** A mock USDC mint on the Solana test chain. */
export type SolanaTestToken = {
  /** The mint's address. */
  address: Address;
  decimals: 6;
  /** The token program that owns the mint: SPL Token or Token-2022. */
  tokenProgram: Address;
};

export type SolanaTestChainAccounts = {
  /** The mints' authority (account 0); pays for the token accounts it creates. */
  mintAuthority: SolanaTestAccount;
  /** A fee payer for facilitators, with 1 000 SOL (account 1). */
  facilitator: SolanaTestAccount;
  /** Receives payments; has a token account for each mint (account 2). */
  seller: SolanaTestAccount;
  /** The first buyer: `buyers[0]`. */
  buyer: SolanaTestAccount;
  /** Buyers with mock USDC of both mints (accounts 3, 4, ...). */
  buyers: SolanaTestAccount[];
};

export type SolanaTestChain = AsyncDisposable & {
  /** `http://127.0.0.1:<port>`: Solana JSON-RPC over HTTP (no WebSocket subscriptions). */
  rpcUrl: string;
  /** CAIP-2, e.g. "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1" (devnet, the default identity). */
  network: `solana:${string}`;
  /** What getGenesisHash answers. */
  genesisHash: string;
  /** A `@solana/kit` RPC client for `rpcUrl`. */
  rpc: Rpc<SolanaRpcApi>;
  accounts: SolanaTestChainAccounts;
  /** Mock USDC under SPL Token, at the cluster's USDC address when the chain poses as devnet, testnet or mainnet. */
  usdc: SolanaTestToken;
  /** Mock USDC under Token-2022 (a derived address), funded like `usdc`. */
  usdc2022: SolanaTestToken;
  /** The ledger behind the RPC (slot clock, blockhashes, status cache) and its litesvm runtime. */
  ledger: SolanaLedger;
  svm: LiteSVM;
  /** The token balance of `owner`'s associated token account for `mint` (0 when it has none). */
  balanceOf: (mint: Address, owner: Address) => Promise<bigint>;
  /** SOL balance in lamports. */
  lamports: (address: Address) => Promise<bigint>;
  /** Mints mock USDC (or `token`) to `owner`'s associated token account, creating it if needed. */
  mint: (owner: Address, amount: bigint, token?: SolanaTestToken) => Promise<void>;
  /** Creates `owner`'s associated token account for `token` (default `usdc`) if it has none; returns its address. */
  createTokenAccount: (owner: Address, token?: SolanaTestToken) => Promise<Address>;
  /** The associated token account of `owner` for `token` (default `usdc`). */
  tokenAccount: (owner: Address, token?: SolanaTestToken) => Promise<Address>;
  airdrop: (address: Address, lamports: bigint) => Promise<void>;
  /** Moves the slot clock forward by `slots` (151 expires every blockhash handed out so far). */
  skipSlots: (slots: number) => void;
  /** How many times each JSON-RPC method was called since the start (or the last `resetRequestCounts`). */
  requestCounts: () => Record<string, number>;
  resetRequestCounts: () => void;
  /** Stops the RPC server and the ledger's timer. Idempotent. */
  stop: () => Promise<void>;
};
