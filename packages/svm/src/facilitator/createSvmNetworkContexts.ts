import { ExactSvmError } from "../errors/ExactSvmError.js";
import { createSvmRpc, type SvmRpcOption } from "../utils/createSvmRpc.js";
import { isSolanaNetwork } from "../utils/isSolanaNetwork.js";
import { createSignatureWatcher } from "./createSignatureWatcher.js";
import type { SvmFeePayer, SvmNetworkContext } from "./types.js";

/** One network as the facilitator takes it: its RPC and its fee payer(s). */
export type ExactSvmFacilitatorNetwork = {
  /** The RPC endpoint: a URL, several (tried in order when one fails), or a `@solana/kit` RPC client. */
  rpc: SvmRpcOption;
  /** The mints settled on this network; any other asset is refused before any RPC. Default: any mint. */
  assets?: readonly string[] | undefined;
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
    const rpcOption = options.rpc as unknown;
    if (
      typeof rpcOption !== "string" &&
      !(
        Array.isArray(rpcOption) &&
        rpcOption.length > 0 &&
        rpcOption.every((url) => typeof url === "string")
      ) &&
      typeof (rpcOption as { getSignatureStatuses?: unknown })?.getSignatureStatuses !== "function"
    )
      throw new ExactSvmError(
        "invalid_config",
        `${network}: \`rpc\` must be a URL, a list of URLs or a @solana/kit RPC client.`,
      );
    if (options.assets !== undefined && (!Array.isArray(options.assets) || options.assets.length === 0))
      throw new ExactSvmError("invalid_config", `${network}: \`assets\` must list at least one mint.`);
    const rpc = createSvmRpc(options.rpc);
    const feePayers = new Map(list.map((feePayer) => [feePayer.address as string, feePayer]));
    const ordered = [...feePayers.values()];
    let turn = 0;
    contexts.set(network, {
      network,
      rpc,
      feePayers,
      assets: options.assets === undefined ? undefined : new Set(options.assets),
      watcher: createSignatureWatcher({ rpc, pollingIntervalMs: parameters.pollingIntervalMs }),
      nextFeePayer: () => ordered[turn++ % ordered.length]!,
    });
  }
  return contexts;
}
