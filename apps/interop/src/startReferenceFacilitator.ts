import { x402Facilitator } from "@x402/core/facilitator";
import type { PaymentPayload, PaymentRequirements } from "@x402/core/types";
import { toFacilitatorEvmSigner } from "@x402/evm";
import { BatchSettlementEvmScheme } from "@x402/evm/batch-settlement/facilitator";
import { registerExactEvmScheme } from "@x402/evm/exact/facilitator";
import { UptoEvmScheme } from "@x402/evm/upto/facilitator";
import express from "express";
import { createWalletClient, http, type LocalAccount, publicActions } from "viem";
import { listen } from "./listen.js";
import { viemChain } from "./viemChain.js";

export type StartReferenceFacilitatorParameters = {
  rpcUrl: string;
  chainId: number;
  /** The account that pays gas for settlements. */
  account: LocalAccount;
};

export type ReferenceFacilitatorRequest = {
  path: "/verify" | "/settle";
  body: { x402Version?: unknown; paymentPayload: PaymentPayload; paymentRequirements: PaymentRequirements };
};

export type StartReferenceFacilitatorReturnType = {
  /** The reference facilitator itself, for in-process calls. */
  facilitator: x402Facilitator;
  /** The same facilitator behind `POST /verify`, `POST /settle` and `GET /supported` (spec v2 §7). */
  url: string;
  /** Every verify and settle request received over HTTP, in order. */
  requests: ReferenceFacilitatorRequest[];
  close(): Promise<void>;
};

/**
 * The reference facilitator (`@x402/core` + `@x402/evm`'s exact, upto and batch-settlement schemes) for one local chain. The reference packages
 * ship the facilitator as a library only; the HTTP routes here are the thin glue that their documentation asks the
 * operator to write.
 */
export async function startReferenceFacilitator(
  parameters: StartReferenceFacilitatorParameters,
): Promise<StartReferenceFacilitatorReturnType> {
  const chain = viemChain(parameters);
  const client = createWalletClient({
    account: parameters.account,
    chain,
    transport: http(parameters.rpcUrl),
  }).extend(publicActions);
  const signer = toFacilitatorEvmSigner({
    address: parameters.account.address,
    readContract: (args) => client.readContract(args as Parameters<typeof client.readContract>[0]),
    verifyTypedData: (args) => client.verifyTypedData(args as Parameters<typeof client.verifyTypedData>[0]),
    writeContract: (args) => client.writeContract(args as Parameters<typeof client.writeContract>[0]),
    sendTransaction: (args) => client.sendTransaction(args),
    waitForTransactionReceipt: (args) => client.waitForTransactionReceipt(args),
    getCode: (args) => client.getCode(args),
  });
  const facilitator = new x402Facilitator();
  registerExactEvmScheme(facilitator, { signer, networks: `eip155:${parameters.chainId}` });
  facilitator.register(`eip155:${parameters.chainId}`, new UptoEvmScheme(signer));
  // batch-settlement with no receiver authorizer of its own: servers sign their claims and refunds.
  facilitator.register(`eip155:${parameters.chainId}`, new BatchSettlementEvmScheme(signer));

  const requests: ReferenceFacilitatorRequest[] = [];
  const app = express();
  app.use(express.json());
  app.get("/supported", (_req, res) => {
    res.json(facilitator.getSupported());
  });
  for (const path of ["/verify", "/settle"] as const) {
    app.post(path, async (req, res) => {
      const body = req.body as ReferenceFacilitatorRequest["body"];
      requests.push({ path, body });
      try {
        const result =
          path === "/verify"
            ? await facilitator.verify(body.paymentPayload, body.paymentRequirements)
            : await facilitator.settle(body.paymentPayload, body.paymentRequirements);
        res.json(result);
      } catch (error) {
        res.status(500).json({ error: error instanceof Error ? error.message : String(error) });
      }
    });
  }
  const server = await listen(app);
  return { facilitator, url: server.url, requests, close: server.close };
}
