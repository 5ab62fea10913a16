import { createX402Client, getPaymentReceipt, wrapFetch } from "@x402kit/client";
import {
  createFacilitatorClient,
  createResourceServer,
  type SchemeClient,
  type SelectionPolicy,
} from "@x402kit/core";
import { exactEvmClient, exactEvmFacilitator, exactEvmServer } from "@x402kit/evm";
import { createFacilitator, createFacilitatorServer } from "@x402kit/facilitator";
import { exactSvmClient, exactSvmFacilitator, exactSvmServer } from "@x402kit/svm";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import { type SolanaTestChain, startSolanaTestChain } from "@x402kit/testchain/solana";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testContent, testPrice } from "../src/createPaidResourceServer.js";
import type { ListenReturnType } from "../src/listen.js";
import { startAdapterApp } from "../src/startAdapterApp.js";

// Several networks at once: two EVM chains with different chain ids (31337 and 84532) and Solana, one facilitator
// serving all three from one process, one resource server offering the same route on the three, and clients that
// pay with what they hold and prefer.

let base: TestChain;
let sepolia: TestChain;
let solana: SolanaTestChain;
let facilitator: Awaited<ReturnType<ReturnType<typeof createFacilitatorServer>["listen"]>>;
let app: ListenReturnType;

beforeAll(async () => {
  [base, sepolia, solana] = await Promise.all([
    startTestChain({ buyers: 1 }),
    startTestChain({ buyers: 1, chainId: 84532 }),
    startSolanaTestChain({ buyers: 2 }),
  ]);
  const silent = pino({ level: "silent" });
  const evm = (chain: TestChain) => ({ rpcUrl: chain.rpcUrl, signer: chain.accounts.facilitator.account });
  facilitator = await createFacilitatorServer({
    facilitator: createFacilitator({
      schemes: [
        exactEvmFacilitator({
          networks: { [base.network]: evm(base), [sepolia.network]: evm(sepolia) },
          pollingIntervalMs: 50,
        }),
        exactSvmFacilitator({
          networks: {
            [solana.network]: { rpc: solana.rpcUrl, feePayer: solana.accounts.facilitator.signer },
          },
          pollingIntervalMs: 50,
        }),
      ],
      logger: silent,
    }),
    logger: silent,
  }).listen({ port: 0 });
  const client = createFacilitatorClient({ url: facilitator.url });
  const offer = (network: string, payTo: string) => ({
    scheme: "exact",
    network,
    price: testPrice.usd,
    payTo,
  });
  app = await startAdapterApp({
    adapter: "hono",
    server: createResourceServer({
      routes: {
        "/paid/*": {
          // The server's order is its preference: a client with no preference of its own pays on the first it can.
          accepts: [
            offer(base.network, base.accounts.seller.address),
            offer(sepolia.network, sepolia.accounts.seller.address),
            offer(solana.network, solana.accounts.seller.address),
          ],
          description: "One route, three networks",
          mimeType: "application/json",
        },
      },
      schemes: [
        exactEvmServer({ assets: { [base.network]: base.usdc, [sepolia.network]: sepolia.usdc } }),
        exactSvmServer({ facilitator: client }),
      ],
      facilitator: client,
    }),
    handlers: { "/paid/report": () => ({ body: testContent }) },
  });
});
afterAll(async () => {
  await app?.close();
  await facilitator?.close();
  await Promise.all([base?.stop(), sepolia?.stop(), solana?.stop()]);
});

/** Every seller's balance, on the three networks. */
const sellers = () =>
  Promise.all([
    base.balanceOf(base.usdc.address, base.accounts.seller.address),
    sepolia.balanceOf(sepolia.usdc.address, sepolia.accounts.seller.address),
    solana.balanceOf(solana.usdc.address, solana.accounts.seller.address),
  ]);

async function pay(schemes: SchemeClient[], policy?: SelectionPolicy) {
  const before = await sellers();
  const response = await wrapFetch(fetch, createX402Client({ schemes, policy }))(`${app.url}/paid/report`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual(testContent);
  const after = await sellers();
  return {
    network: getPaymentReceipt(response)?.network,
    moved: after.map((value, index) => value - before[index]!),
  };
}

describe("one route on two EVM chains and Solana, one facilitator for the three", () => {
  const evmBuyer = () => exactEvmClient({ account: base.accounts.buyer.account }); // funded on both EVM chains
  const svmBuyer = (index = 0) =>
    exactSvmClient({ signer: solana.accounts.buyers[index]!.signer, rpc: solana.rpcUrl });
  const price = testPrice.atomic;

  it("lists the three networks in one 402, and the facilitator announces the three", async () => {
    const supported = await createFacilitatorClient({ url: facilitator.url }).supported();
    expect(
      supported.kinds
        .filter((kind) => kind.x402Version === 2)
        .map((kind) => kind.network)
        .sort(),
    ).toEqual([base.network, sepolia.network, solana.network].sort());
    expect(Object.keys(supported.signers).sort()).toEqual(["eip155:*", "solana:*"]);
  });

  it("a client holding only Solana pays on Solana", async () => {
    expect(await pay([svmBuyer()])).toEqual({ network: solana.network, moved: [0n, 0n, price] });
  });

  it("an EVM client pays on the server's first network, or on the chain it prefers", async () => {
    expect(await pay([evmBuyer()])).toEqual({ network: base.network, moved: [price, 0n, 0n] });
    expect(await pay([evmBuyer()], { networks: [sepolia.network] })).toEqual({
      network: sepolia.network,
      moved: [0n, price, 0n],
    });
  });

  it("a client holding both pays where it prefers", async () => {
    expect(await pay([evmBuyer(), svmBuyer(1)], { networks: [solana.network] })).toEqual({
      network: solana.network,
      moved: [0n, 0n, price],
    });
    expect(await pay([svmBuyer(1), evmBuyer()], { networks: ["eip155:84532"] })).toEqual({
      network: sepolia.network,
      moved: [0n, price, 0n],
    });
  });
});
