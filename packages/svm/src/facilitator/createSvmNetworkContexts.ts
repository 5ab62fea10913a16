import { ExactSvmError } from "../errors/ExactSvmError.js";
import { createSvmRpc, type SvmRpcOption } from "../utils/createSvmRpc.js";
import { isSolanaNetwork } from "../utils/isSolanaNetwork.js";
import { createSignatureWatcher } from "./createSignatureWatcher.js";
import type { SvmFeePayer, SvmNetworkContext } from "./types.js";

/** One network as the facilitator takes it: its RPC and its fee payer(s). */
export type ExactSvmFacilitatorNetwork = {
  /** The RPC endpoint: a URL or a `@solana/kit` RPC client. */
  rpc: SvmRpcOption;
  /** The fee payer, or several (the facilitator announces them in turn; each pays the fees of what names it). */
  feePayer: SvmFeePayer | readonly SvmFeePayer[];
};

export type CreateSvmNetworkContextsParameters = {
  networks: Record<string, ExactSvmFacilitatorNetwork>;
  pollingIntervalMs: number;
};

const isFeePayer = (value: unknown): value is SvmFeePayer =>
  typeof (value as SvmFeePayer | null)?.address === "string" &&
  typeof (value as SvmFeePayer | null)?.signTransactions === "function";

/** Validates the networks and builds their contexts. Throws ExactSvmError("invalid_config"). */
export function createSvmNetworkContexts(
  parameters: CreateSvmNetworkContextsParameters,
): Map<string, SvmNetworkContext> {
  const entries = Object.entries(parameters.networks ?? {});
  if (entries.length === 0) throw new ExactSvmError("invalid_config", "Give at least one network.");
  const contexts = new Map<string, SvmNetworkContext>();
  for (const [network, options] of entries) {
    if (!isSolanaNetwork(network))
      throw new ExactSvmError(
        "invalid_network",
        `"${network}" is not a Solana CAIP-2 id (solana:<genesis hash prefix>).`,
      );
    const list = Array.isArray(options?.feePayer) ? options.feePayer : [options?.feePayer];
    if (list.length === 0 || !list.every(isFeePayer))
      throw new ExactSvmError(
        "invalid_config",
        `${network}: \`feePayer\` must be a signer (a @solana/kit KeyPairSigner or TransactionPartialSigner), or a list of them.`,
      );
    if (
      typeof options.rpc !== "string" &&
      typeof (options.rpc as { getSignatureStatuses?: unknown })?.getSignatureStatuses !== "function"
    )
      throw new ExactSvmError(
        "invalid_config",
        `${network}: \`rpc\` must be a URL or a @solana/kit RPC client.`,
      );
    const rpc = createSvmRpc(options.rpc);
    const feePayers = new Map(list.map((feePayer) => [feePayer.address as string, feePayer]));
    const ordered = [...feePayers.values()];
    let turn = 0;
    contexts.set(network, {
      network,
      rpc,
      feePayers,
      watcher: createSignatureWatcher({ rpc, pollingIntervalMs: parameters.pollingIntervalMs }),
      nextFeePayer: () => ordered[turn++ % ordered.length]!,
    });
  }
  return contexts;
}
