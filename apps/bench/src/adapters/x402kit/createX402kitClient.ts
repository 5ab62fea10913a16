import { createX402Client, type X402Client } from "@x402kit/client";
import { exactEvmClient, privateKeyToFastAccount } from "@x402kit/evm";
import type { CreateClientParameters } from "../types.js";

/** x402kit's client with the exact EVM scheme, for the buyer's key. No spending limits: the bench pays a lot. */
export function createX402kitClient(parameters: CreateClientParameters): X402Client {
  return createX402Client({
    schemes: [exactEvmClient({ account: privateKeyToFastAccount(parameters.privateKey) })],
  });
}
