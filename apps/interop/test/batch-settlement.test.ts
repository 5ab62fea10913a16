import { batchSettlementEvmClient, readChannelState } from "@x402kit/batch-settlement-evm";
import { createX402Client, getPaymentReceipt, wrapFetch } from "@x402kit/client";
import { watchBalances } from "@x402kit/testchain";
import { decodePaymentRequiredHeader, headerNames } from "@x402kit/types";
import { getAddress, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReferenceFetch } from "../src/createReferenceFetch.js";
import { installMulticall3 } from "../src/installMulticall3.js";
import { type InteropStack, startInteropStack } from "../src/startInteropStack.js";
import {
  type StartReferenceBatchServerReturnType,
  startReferenceBatchServer,
} from "../src/startReferenceBatchServer.js";
import {
  type StartReferenceFacilitatorReturnType,
  startReferenceFacilitator,
} from "../src/startReferenceFacilitator.js";

// batch-settlement (payment channels) between x402kit and the reference (@x402/evm 2.27), over real HTTP on one chain:
//   (a) the reference fetch client -> the reference express server -> x402kit's facilitator (deposits, claims, sweeps)
//   (b) x402kit's client -> the reference express server -> the reference facilitator, with a lost client state
// Every balance is checked to the unit: the payers', the escrow's and the receiver's.

const price = 1_000n;
const content = { report: "channels" };
let stack: InteropStack;
let referenceFacilitator: StartReferenceFacilitatorReturnType;
/** (a) */
let serverOnOurs: StartReferenceBatchServerReturnType;
/** (b) */
let serverOnReference: StartReferenceBatchServerReturnType;

beforeAll(async () => {
  stack = await startInteropStack({ batchSettlement: true });
  const { chain } = stack;
  await installMulticall3({
    rpcUrl: chain.rpcUrl,
    chainId: chain.chainId,
    setCode: (address, bytecode) => chain.testClient.setCode({ address, bytecode }),
  });
  referenceFacilitator = stack.defer(
    await startReferenceFacilitator({
      rpcUrl: chain.rpcUrl,
      chainId: chain.chainId,
      account: chain.accounts.deployer.account,
    }),
  );
  const serve = (facilitatorUrl: string) =>
    startReferenceBatchServer({
      chain,
      facilitatorUrl,
      receiverAuthorizer: privateKeyToAccount(generatePrivateKey()),
      price,
      body: content,
    });
  serverOnOurs = stack.defer(await serve(stack.facilitatorUrl));
  serverOnReference = stack.defer(await serve(referenceFacilitator.url));
});

afterAll(async () => {
  await stack?.stop();
});

const escrow = "0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003" as const;

describe("(a) the reference client and server pay through x402kit's facilitator", () => {
  it("deposits once, pays five more requests over the channel, then claims and sweeps to the unit", async () => {
    const { chain } = stack;
    const buyer = chain.accounts.buyers[0]!;
    const balances = await watchBalances(chain, {
      buyer: buyer.address,
      escrow,
      seller: chain.accounts.seller.address,
    });
    const paidFetch = createReferenceFetch({ chain, account: buyer.account });
    const deposits: string[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await paidFetch(`${serverOnOurs.url}/paid/report`);
      expect(response.status, await response.clone().text()).toBe(200);
      expect(await response.json()).toEqual(content);
      const receipt = getPaymentReceipt(response);
      expect(receipt).toMatchObject({ success: true, network: chain.network });
      if (receipt!.transaction) deposits.push(receipt!.transaction);
    }
    // The reference server suggests a deposit of ten requests (`extra.minDeposit`): one deposit covers all six.
    expect(deposits).toHaveLength(1);
    for (const hash of deposits)
      expect(getAddress((await chain.publicClient.getTransaction({ hash: hash as Hex })).from)).toBe(
        chain.accounts.facilitator.address,
      );
    expect(await balances.deltas()).toEqual({ buyer: -10_000n, escrow: 10_000n, seller: 0n });

    const claims = await serverOnOurs.manager.claim();
    expect(claims).toHaveLength(1);
    expect(await serverOnOurs.manager.settle()).toMatchObject({ transaction: expect.stringMatching(/^0x/) });
    expect(await balances.deltas()).toEqual({ buyer: -10_000n, escrow: 4_000n, seller: 6_000n });
  });
});

describe("(b) x402kit's client pays the reference server and facilitator", () => {
  it("deposits, pays over the channel, recovers after losing its state, and the receiver gets every unit charged", async () => {
    const { chain } = stack;
    const buyer = chain.accounts.buyers[1]!;
    const balances = await watchBalances(chain, {
      buyer: buyer.address,
      escrow,
      seller: chain.accounts.seller.address,
    });
    const newFetch = () =>
      wrapFetch(
        fetch,
        createX402Client({
          schemes: [
            batchSettlementEvmClient({
              account: buyer.account,
              publicClients: { [chain.network]: chain.publicClient },
            }),
          ],
        }),
      );
    let paidFetch = newFetch();
    const get = async () => {
      const response = await paidFetch(`${serverOnReference.url}/paid/report`);
      expect(response.status, await response.clone().text()).toBe(200);
      expect(await response.json()).toEqual(content);
      return getPaymentReceipt(response)!;
    };
    // The deposit follows the server's `extra.minDeposit` (ten requests).
    expect(await get()).toMatchObject({ success: true, amount: "10000", extra: { chargedAmount: "1000" } });
    for (let i = 0; i < 2; i++)
      expect(await get()).toMatchObject({ success: true, transaction: "", extra: { chargedAmount: "1000" } });
    // A fresh client (its channel record lost) recovers from the chain and the reference server's corrective 402.
    paidFetch = newFetch();
    expect(await get()).toMatchObject({
      success: true,
      extra: { channelState: { chargedCumulativeAmount: "4000" } },
    });
    expect(await get()).toMatchObject({
      success: true,
      extra: { channelState: { chargedCumulativeAmount: "5000" } },
    });
    expect(await balances.deltas()).toEqual({ buyer: -10_000n, escrow: 10_000n, seller: 0n });

    await serverOnReference.manager.claimAndSettle();
    expect(await balances.deltas()).toEqual({ buyer: -10_000n, escrow: 5_000n, seller: 5_000n });
    const channels = referenceFacilitator.requests.filter((request) => request.path === "/settle").length;
    expect(channels).toBeGreaterThanOrEqual(3); // a deposit, a claim, a sweep
    const offered = decodePaymentRequiredHeader(
      (await fetch(`${serverOnReference.url}/paid/report`)).headers.get(headerNames.paymentRequired)!,
    );
    const { channelId } = await batchSettlementEvmClient({ account: buyer.account }).channel(
      offered.accepts[0]!,
    );
    expect(await readChannelState({ client: chain.publicClient, channelId })).toMatchObject({
      balance: 10_000n,
      totalClaimed: 5_000n,
    });
  });
});
