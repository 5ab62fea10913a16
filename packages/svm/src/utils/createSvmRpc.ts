import {
  createDefaultRpcTransport,
  createSolanaRpc,
  createSolanaRpcFromTransport,
  type Rpc,
  type RpcTransport,
  type SolanaRpcApi,
} from "@solana/kit";

/**
 * An RPC endpoint as the scheme's options take it: a URL, several URLs (tried in order: the next takes over when one
 * fails, as viem's `fallback` does for EVM), or a `@solana/kit` RPC client.
 */
export type SvmRpcOption = string | readonly string[] | Rpc<SolanaRpcApi>;

/**
 * A `@solana/kit` RPC client from a URL, a list of URLs, or the client given. Over several URLs, a request goes to
 * the first; a transport failure (no connection, an HTTP error status) sends it to the next. A JSON-RPC error is an
 * answer, and is not retried elsewhere.
 */
export function createSvmRpc(option: SvmRpcOption): Rpc<SolanaRpcApi> {
  if (typeof option === "string") return createSolanaRpc(option);
  if (!Array.isArray(option)) return option as Rpc<SolanaRpcApi>;
  const urls = option as readonly string[];
  if (urls.length === 1) return createSolanaRpc(urls[0]!);
  const transports = urls.map((url) => createDefaultRpcTransport({ url }));
  const fallback: RpcTransport = async (config) => {
    let failure: unknown;
    for (const transport of transports) {
      try {
        return await transport(config);
      } catch (error) {
        if (config.signal?.aborted) throw error;
        failure = error;
      }
    }
    throw failure;
  };
  return createSolanaRpcFromTransport(fallback);
}
