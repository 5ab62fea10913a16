import { batchSettlementEvmServer, createChannelManager } from "@x402kit/batch-settlement-evm";
import { createMemoryStore, createResourceServer, type FacilitatorLike } from "@x402kit/core";
import type { TestChain } from "@x402kit/testchain";
import type { LocalAccount } from "viem";
import type { ListenReturnType } from "./listen.js";
import { startAdapterApp } from "./startAdapterApp.js";

export type StartOurBatchServerParameters = {
  chain: TestChain;
  facilitator: FacilitatorLike;
  /** The server's own receiver authorizer (signs its claims and refunds). */
  receiverAuthorizer: LocalAccount;
  /** Atomic units of the asset per request. */
  price: bigint;
  /** The JSON body of `GET /paid/report`. */
  body: unknown;
  /** The token to price in (default: the chain's MockUSDC) and how deposits move it (default: EIP-3009). */
  asset?:
    | { address: `0x${string}`; name: string; version: string; assetTransferMethod?: "permit2" | undefined }
    | undefined;
};

export type StartOurBatchServerReturnType = ListenReturnType & {
  manager: ReturnType<typeof createChannelManager>;
};

/**
 * x402kit's resource server for `batch-settlement` behind express: `GET /paid/report` at `price` paid to the chain's
 * seller, channel records in memory, and the channel manager that claims and sweeps through the same facilitator.
 */
export async function startOurBatchServer(
  parameters: StartOurBatchServerParameters,
): Promise<StartOurBatchServerReturnType> {
  const { chain, facilitator, receiverAuthorizer } = parameters;
  const { assetTransferMethod, ...asset } = parameters.asset ?? {
    ...chain.usdc,
    assetTransferMethod: undefined,
  };
  const scheme = batchSettlementEvmServer({ store: createMemoryStore(), receiverAuthorizer });
  const server = createResourceServer({
    routes: {
      "/paid/*": {
        accepts: {
          scheme: "batch-settlement",
          network: chain.network,
          price: {
            amount: parameters.price.toString(),
            asset: asset.address,
            extra: {
              name: asset.name,
              version: asset.version,
              ...(assetTransferMethod ? { assetTransferMethod } : {}),
            },
          },
          payTo: chain.accounts.seller.address,
        },
      },
    },
    schemes: [scheme],
    facilitator,
  });
  const app = await startAdapterApp({
    adapter: "express",
    server,
    handlers: { "/paid/report": () => ({ body: parameters.body }) },
  });
  const manager = createChannelManager({
    store: scheme.store,
    facilitator,
    network: chain.network,
    payTo: chain.accounts.seller.address,
    asset: asset.address,
    authorizer: receiverAuthorizer,
    publicClient: chain.publicClient,
  });
  return { ...app, manager };
}
