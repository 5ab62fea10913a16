import { x402Facilitator } from "@x402/core/facilitator";
import type { PaymentPayload, PaymentRequirements } from "@x402/core/types";
import { toFacilitatorEvmSigner } from "@x402/evm";
import { ExactEvmScheme } from "@x402/evm/exact/facilitator";
import express from "express";
import { createWalletClient, http, publicActions } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { listen } from "../../harness/listen.js";
import { receiptPollingIntervalMs } from "../settings.js";
import type { RunningService, StartFacilitatorParameters } from "../types.js";
import { localChain } from "./localChain.js";

type FacilitatorBody = { paymentPayload: PaymentPayload; paymentRequirements: PaymentRequirements };

/**
 * The reference facilitator (`@x402/core`'s `x402Facilitator` with `@x402/evm`'s exact scheme), wired as its
 * documentation shows: a viem wallet client with public actions as the signer. The reference ships no HTTP
 * service, so the three routes (spec v2 §7) are the thin express glue that its examples use.
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

  const app = express();
  app.use(express.json({ limit: "1mb" }));
  app.get("/supported", (_req, res) => {
    res.json(facilitator.getSupported());
  });
  app.post("/verify", async (req, res) => {
    const body = req.body as FacilitatorBody;
    try {
      res.json(await facilitator.verify(body.paymentPayload, body.paymentRequirements));
    } catch (error) {
      res.status(500).json({ error: error instanceof Error ? error.message : String(error) });
    }
  });
  app.post("/settle", async (req, res) => {
    const body = req.body as FacilitatorBody;
    try {
      res.json(await facilitator.settle(body.paymentPayload, body.paymentRequirements));
    } catch (error) {
      res.status(500).json({ error: error instanceof Error ? error.message : String(error) });
    }
  });
  return listen(app);
}
