import { toClientEvmSigner } from "@x402/evm";
import { BatchSettlementEvmScheme as ReferenceBatchClient } from "@x402/evm/batch-settlement/client";
import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { batchSettlementEvmClient } from "@x402kit/batch-settlement-evm";
import { createX402Client, wrapFetch } from "@x402kit/client";
import { privateKeyToFastAccount } from "@x402kit/evm";
import type { Address, Chain, Hex, PublicClient, Transport } from "viem";
import type { ImplementationName } from "../adapters/types.js";
import { benchFetch } from "../harness/benchFetch.js";

export type CreateChannelPaidFetchParameters = {
  implementation: ImplementationName;
  network: `eip155:${number}`;
  usdc: Address;
  publicClient: PublicClient<Transport, Chain>;
  /** The payer's key: its own channel. */
  key: Hex;
  /** Requests' worth to deposit, for both clients (the reference's `depositPolicy.depositMultiplier`). */
  depositMultiplier: number;
};

/**
 * A paying fetch for one payer of the channel scenario, built the same way in the bench process (C = 1, gas) and in
 * the client worker (C = 32). Both sides sign with `privateKeyToFastAccount` (libsecp256k1 when installed) and send
 * through `benchFetch`.
 */
export function createChannelPaidFetch(
  parameters: CreateChannelPaidFetchParameters,
): typeof globalThis.fetch {
  const { implementation, network, usdc, publicClient, key, depositMultiplier } = parameters;
  if (implementation === "x402kit")
    return wrapFetch(
      benchFetch,
      createX402Client({
        schemes: [
          batchSettlementEvmClient({
            account: privateKeyToFastAccount(key),
            publicClients: { [network]: publicClient },
            depositMultiplier,
          }),
        ],
      }),
    );
  return wrapFetchWithPayment(
    benchFetch,
    new x402Client()
      .register(
        network,
        new ReferenceBatchClient(
          toClientEvmSigner(privateKeyToFastAccount(key) as never, publicClient as never),
          { depositPolicy: { depositMultiplier } },
        ),
      )
      .setSpendControls({ allowedAssets: [{ network, asset: usdc }] }),
  );
}
