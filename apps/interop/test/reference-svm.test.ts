import { createX402Client, getPaymentReceipt, wrapFetch } from "@x402kit/client";
import { createFacilitatorClient } from "@x402kit/core";
import { exactSvmClient } from "@x402kit/svm";
import {
  deriveSolanaTestAccounts,
  type SolanaTestAccount,
  type SolanaTestChain,
  startSolanaTestChain,
} from "@x402kit/testchain/solana";
import { decodePaymentResponseHeader, headerNames } from "@x402kit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testContent, testPrice } from "../src/createPaidResourceServer.js";
import type { ListenReturnType } from "../src/listen.js";
import {
  createReferenceSvmFetch,
  startReferenceSvmFacilitator,
  startReferenceSvmServer,
  startX402kitSvmFacilitator,
  startX402kitSvmServer,
} from "../src/startSvmInteropStack.js";

// x402kit against the reference implementation (@x402/svm 2.27.0) on the Solana test chain (which answers as
// devnet, the reference knowing only mainnet, devnet and testnet), each side over real HTTP:
//   (a) the reference fetch client -> x402kit's express server -> x402kit's facilitator
//   (b) x402kit's client -> the reference express server -> the reference facilitator
//   (c) x402kit's client -> the reference express server -> x402kit's facilitator
//   (d) the reference fetch client -> x402kit's express server -> the reference facilitator
// Balances are checked to the unit: the buyer pays the price, the seller gets it, the fee payer pays the fee.

let chain: SolanaTestChain;
let referenceFeePayer: SolanaTestAccount;
const closing: ListenReturnType[] = [];
let ours: { facilitator: string; server: string; serverWithReference: string };
let reference: { facilitator: string; server: string; serverWithOurs: string };

beforeAll(async () => {
  chain = await startSolanaTestChain({ buyers: 4 });
  [referenceFeePayer] = (await deriveSolanaTestAccounts({ from: 60, count: 1 })) as [SolanaTestAccount];
  await chain.airdrop(referenceFeePayer.address, 1_000_000_000n);
  const started = async (server: Promise<ListenReturnType>) => {
    const listening = await server;
    closing.push(listening);
    return listening.url;
  };
  const ourFacilitator = await started(startX402kitSvmFacilitator(chain, chain.accounts.facilitator));
  const referenceFacilitator = await started(startReferenceSvmFacilitator(chain, referenceFeePayer));
  ours = {
    facilitator: ourFacilitator,
    server: await started(startX402kitSvmServer(chain, createFacilitatorClient({ url: ourFacilitator }))),
    serverWithReference: await started(
      startX402kitSvmServer(chain, createFacilitatorClient({ url: referenceFacilitator })),
    ),
  };
  reference = {
    facilitator: referenceFacilitator,
    server: await started(startReferenceSvmServer(chain, referenceFacilitator)),
    serverWithOurs: await started(startReferenceSvmServer(chain, ourFacilitator)),
  };
});
afterAll(async () => {
  await Promise.all(closing.map((server) => server.close()));
  await chain?.stop();
});

const x402kitFetch = (buyer: SolanaTestAccount) =>
  wrapFetch(
    fetch,
    createX402Client({ schemes: [exactSvmClient({ signer: buyer.signer, rpc: chain.rpcUrl })] }),
  );

/** Pays `url` with `paidFetch` and checks the delivery and every balance it touches, to the unit. */
async function payAndCheck(
  paidFetch: typeof fetch,
  url: string,
  buyer: SolanaTestAccount,
  feePayer: SolanaTestAccount,
) {
  const { seller } = chain.accounts;
  const balances = () =>
    Promise.all([
      chain.balanceOf(chain.usdc.address, buyer.address),
      chain.balanceOf(chain.usdc.address, seller.address),
      chain.lamports(feePayer.address),
      chain.lamports(buyer.address),
    ]);
  const before = await balances();
  const response = await paidFetch(`${url}/paid/report`);
  if (response.status !== 200)
    console.log("DEBUG", Buffer.from(response.headers.get("payment-required") ?? "", "base64").toString());
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual(testContent);
  const receipt =
    getPaymentReceipt(response) ??
    decodePaymentResponseHeader(response.headers.get(headerNames.paymentResponse)!);
  expect(receipt).toMatchObject({ success: true, network: chain.network });
  const after = await balances();
  // 0.01 USDC moves; the fee payer pays 2 signatures and the priority fee; the buyer pays no SOL at all.
  const fee = before[2]! - after[2]!;
  expect([before[0]! - after[0]!, after[1]! - before[1]!, after[3]! - before[3]!]).toEqual([
    testPrice.atomic,
    testPrice.atomic,
    0n,
  ]);
  expect(fee >= 10_000n && fee <= 10_100n, `fee ${fee}`).toBe(true);
  const landed = await chain.rpc
    .getTransaction(receipt!.transaction as never, { maxSupportedTransactionVersion: 0, encoding: "json" })
    .send();
  expect(landed?.meta?.err).toBeNull();
  expect(landed?.meta?.fee).toBe(fee);
  return receipt!;
}

describe("exact on Solana: x402kit and the reference @x402/svm 2.27.0", () => {
  it("(a) the reference client pays x402kit's server, settled by x402kit's facilitator", async () => {
    const buyer = chain.accounts.buyers[0]!;
    await payAndCheck(createReferenceSvmFetch(chain, buyer), ours.server, buyer, chain.accounts.facilitator);
  });

  it("(b) x402kit's client pays the reference server, settled by the reference facilitator", async () => {
    const buyer = chain.accounts.buyers[1]!;
    await payAndCheck(x402kitFetch(buyer), reference.server, buyer, referenceFeePayer);
  });

  it("(c) x402kit's client pays the reference server, settled by x402kit's facilitator", async () => {
    const buyer = chain.accounts.buyers[2]!;
    await payAndCheck(x402kitFetch(buyer), reference.serverWithOurs, buyer, chain.accounts.facilitator);
  });

  it("(d) the reference client pays x402kit's server, settled by the reference facilitator", async () => {
    const buyer = chain.accounts.buyers[3]!;
    await payAndCheck(
      createReferenceSvmFetch(chain, buyer),
      ours.serverWithReference,
      buyer,
      referenceFeePayer,
    );
  });
});
