import { x402Client } from "@x402/core/client";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { privateKeyToFastAccount } from "@x402kit/evm";
import type { CreateClientParameters } from "../types.js";

/**
 * The reference client (`@x402/core`'s `x402Client` with `@x402/evm`'s exact scheme). It refuses assets it does not
 * know, so MockUSDC is allowed through its spend controls (uncapped, like a client that trusts this server).
 */
export function createReferenceClient(parameters: CreateClientParameters): x402Client {
  const { chain } = parameters;
  return new x402Client()
    .register(chain.network, new ExactEvmScheme(privateKeyToFastAccount(parameters.privateKey)))
    .setSpendControls({ allowedAssets: [{ network: chain.network, asset: chain.usdc.address }] });
}
