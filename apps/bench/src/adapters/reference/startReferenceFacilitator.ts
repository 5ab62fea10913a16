import { x402Facilitator } from "@x402/core/facilitator";
import { toFacilitatorEvmSigner } from "@x402/evm";
import { ExactEvmScheme } from "@x402/evm/exact/facilitator";
import { createWalletClient, http, publicActions } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { receiptPollingIntervalMs } from "../settings.js";
import type { RunningService, StartFacilitatorParameters } from "../types.js";
import { localChain } from "./localChain.js";
import { serveReferenceFacilitator } from "./serveReferenceFacilitator.js";

/**
 * The reference facilitator (`@x402/core`'s `x402Facilitator` with `@x402/evm`'s exact scheme), wired as its
 * documentation shows: a viem wallet client with public actions as the signer, served by the thin HTTP glue of
 * `serveReferenceFacilitator`.
 */
export async function startReferenceFacilitator(
  parameters: StartFacilitatorParameters,
): Promise<RunningService> {
  const account = privateKeyToAccount(parameters.privateKey);
  const client = createWalletClient({
    account,
    chain: localChain(parameters.chain),
    transport: http(parameters.chain.rpcUrl),
    pollingInterval: receiptPollingIntervalMs,
  }).extend(publicActions);
  type Args<name extends keyof typeof client> = (typeof client)[name] extends (args: infer a) => unknown
    ? a
    : never;
  const signer = toFacilitatorEvmSigner({
    address: account.address,
    readContract: (args) => client.readContract(args as Args<"readContract">),
    verifyTypedData: (args) => client.verifyTypedData(args as Args<"verifyTypedData">),
    writeContract: (args) => client.writeContract(args as Args<"writeContract">),
    sendTransaction: (args) => client.sendTransaction(args as Args<"sendTransaction">),
    waitForTransactionReceipt: (args) => client.waitForTransactionReceipt(args),
    getCode: (args) => client.getCode(args),
  });
  const facilitator = new x402Facilitator().register(parameters.chain.network, new ExactEvmScheme(signer));

  return serveReferenceFacilitator(facilitator);
}
