import { toClientEvmSigner } from "@x402/evm";
import { BatchSettlementEvmScheme } from "@x402/evm/batch-settlement/client";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { UptoEvmScheme } from "@x402/evm/upto/client";
import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import type { TestChain } from "@x402kit/testchain";
import type { LocalAccount } from "viem";

export type CreateReferenceFetchParameters = { chain: TestChain; account: LocalAccount };

export type CreateReferenceFetchReturnType = (
  input: RequestInfo | URL,
  init?: RequestInit,
) => Promise<Response>;

/**
 * The reference v2 client: `@x402/fetch`'s `wrapFetchWithPayment` with `@x402/evm`'s exact, upto and batch-settlement client schemes
 * for the chain's network. Its spend controls allow only the assets it knows by default, so the chain's MockUSDC
 * (and its Permit2 token, when the chain has one) are allowed explicitly.
 */
export function createReferenceFetch(
  parameters: CreateReferenceFetchParameters,
): CreateReferenceFetchReturnType {
  const { chain } = parameters;
  const client = new x402Client()
    .register(chain.network, new ExactEvmScheme(parameters.account))
    .register(chain.network, new UptoEvmScheme(parameters.account))
    // batch-settlement reads the escrow to recover a channel, so its signer has the chain's public client.
    .register(
      chain.network,
      new BatchSettlementEvmScheme(
        toClientEvmSigner(parameters.account as never, chain.publicClient as never),
      ),
    )
    .setSpendControls({
      allowedAssets: [chain.usdc, chain.permit2Token]
        .filter((token) => token !== undefined)
        .map((token) => ({ network: chain.network, asset: token.address })),
    });
  return wrapFetchWithPayment(fetch, client);
}
