import { HTTPFacilitatorClient } from "@x402/core/server";
import {
  type BatchSettlementChannelManager,
  BatchSettlementEvmScheme,
} from "@x402/evm/batch-settlement/server";
import { paymentMiddleware, x402ResourceServer } from "@x402/express";
import type { TestChain } from "@x402kit/testchain";
import express from "express";
import type { LocalAccount } from "viem";
import { type ListenReturnType, listen } from "./listen.js";

export type StartReferenceBatchServerParameters = {
  chain: TestChain;
  /** The facilitator that the reference server calls over HTTP. */
  facilitatorUrl: string;
  /** The server's own receiver authorizer (signs claims and refunds). */
  receiverAuthorizer: LocalAccount;
  /** Atomic units of the asset per request. */
  price: bigint;
  /** The token to price in (default: the chain's MockUSDC) and how deposits move it (default: EIP-3009). */
  asset?:
    | { address: `0x${string}`; name: string; version: string; assetTransferMethod?: "permit2" | undefined }
    | undefined;
  /** The JSON body of `GET /paid/report`. */
  body: unknown;
};

export type StartReferenceBatchServerReturnType = ListenReturnType & {
  /** The reference's channel manager: claims and sweeps through the same facilitator. */
  manager: BatchSettlementChannelManager;
};

/**
 * The reference resource server for `batch-settlement`: `@x402/express` with `@x402/evm`'s batch-settlement server
 * scheme (its in-memory channel storage), `GET /paid/report` at `price` MockUSDC (or `asset`) paid to the chain's seller, with a
 * receiver authorizer of its own, verified and settled by `facilitatorUrl`.
 */
export async function startReferenceBatchServer(
  parameters: StartReferenceBatchServerParameters,
): Promise<StartReferenceBatchServerReturnType> {
  const { chain } = parameters;
  const { assetTransferMethod, ...asset } = parameters.asset ?? {
    ...chain.usdc,
    assetTransferMethod: undefined,
  };
  const facilitator = new HTTPFacilitatorClient({ url: parameters.facilitatorUrl });
  const scheme = new BatchSettlementEvmScheme(chain.accounts.seller.address, {
    receiverAuthorizerSigner: parameters.receiverAuthorizer as never,
    withdrawDelay: 900,
  });
  const resourceServer = new x402ResourceServer(facilitator).register(chain.network, scheme);
  const app = express();
  app.use(
    paymentMiddleware(
      {
        "GET /paid/report": {
          accepts: {
            scheme: "batch-settlement",
            network: chain.network,
            payTo: chain.accounts.seller.address,
            price: {
              amount: parameters.price.toString(),
              asset: asset.address,
              extra: {
                name: asset.name,
                version: asset.version,
                ...(assetTransferMethod ? { assetTransferMethod } : {}),
              },
            },
          },
          description: "Interop test resource",
          mimeType: "application/json",
        },
      },
      resourceServer,
    ),
  );
  app.get("/paid/report", (_req, res) => {
    res.json(parameters.body);
  });
  const server = await listen(app);
  return { ...server, manager: scheme.createChannelManager(facilitator, chain.network, asset.address) };
}
