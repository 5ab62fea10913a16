import { ExactEvmScheme } from "@x402/evm/exact/client";
import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import type { TestChain } from "@x402kit/testchain";
import type { LocalAccount } from "viem";

export type CreateReferenceFetchParameters = { chain: TestChain; account: LocalAccount };

export type CreateReferenceFetchReturnType = (
  input: RequestInfo | URL,
  init?: RequestInit,
) => Promise<Response>;

/**
 * The reference v2 client: `@x402/fetch`'s `wrapFetchWithPayment` with `@x402/evm`'s exact client scheme for the
 * chain's network. Its spend controls allow only the assets it knows by default, so the chain's MockUSDC is allowed
 * explicitly.
 */
export function createReferenceFetch(
  parameters: CreateReferenceFetchParameters,
): CreateReferenceFetchReturnType {
  const { chain } = parameters;
  const client = new x402Client()
    .register(chain.network, new ExactEvmScheme(parameters.account))
    .setSpendControls({ allowedAssets: [{ network: chain.network, asset: chain.usdc.address }] });
  return wrapFetchWithPayment(fetch, client);
}
