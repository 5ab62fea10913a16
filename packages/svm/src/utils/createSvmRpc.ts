import { createSolanaRpc, type Rpc, type SolanaRpcApi } from "@solana/kit";

/** An RPC endpoint as the scheme's options take it: a URL, or a `@solana/kit` RPC client. */
export type SvmRpcOption = string | Rpc<SolanaRpcApi>;

/** A `@solana/kit` RPC client from a URL (or the client given). */
export function createSvmRpc(option: SvmRpcOption): Rpc<SolanaRpcApi> {
  return typeof option === "string" ? createSolanaRpc(option) : option;
}
