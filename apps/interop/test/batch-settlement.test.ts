import { toClientEvmSigner } from "@x402/evm";
import { BatchSettlementEvmScheme as ReferenceBatchClient } from "@x402/evm/batch-settlement/client";
import { wrapFetchWithPayment, x402Client } from "@x402/fetch";
import { batchSettlementEvmClient, readChannelState, refundChannel } from "@x402kit/batch-settlement-evm";
import { createX402Client, getPaymentReceipt, wrapFetch } from "@x402kit/client";
import { createFacilitatorClient, type FacilitatorLike } from "@x402kit/core";
import { watchBalances } from "@x402kit/testchain";
import { decodePaymentRequiredHeader, headerNames } from "@x402kit/types";
import { getAddress, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReferenceFetch } from "../src/createReferenceFetch.js";
import { installMulticall3 } from "../src/installMulticall3.js";
import { type InteropStack, startInteropStack } from "../src/startInteropStack.js";
import { type StartOurBatchServerReturnType, startOurBatchServer } from "../src/startOurBatchServer.js";
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
//   (c) the reference client -> x402kit's express server -> x402kit's facilitator, with a lost client state and a
//       cooperative refund
//   (d) x402kit's client -> x402kit's express server -> the reference facilitator, with a cooperative refund
// Every balance is checked to the unit: the payers', the escrow's and the receiver's.

const price = 1_000n;
const content = { report: "channels" };
let stack: InteropStack;
let referenceFacilitator: StartReferenceFacilitatorReturnType;
/** (a) */
let serverOnOurs: StartReferenceBatchServerReturnType;
/** (b) */
let serverOnReference: StartReferenceBatchServerReturnType;
/** (c), (d): x402kit's server with its own receiver authorizer, on x402kit's or the reference facilitator. */
const ourAuthorizer = privateKeyToAccount(generatePrivateKey());
let ours: { onOurs: OurServer; onReference: OurServer };
type OurServer = StartOurBatchServerReturnType;

const startOurServer = (facilitator: FacilitatorLike): Promise<OurServer> =>
  startOurBatchServer({
    chain: stack.chain,
    facilitator,
    receiverAuthorizer: ourAuthorizer,
    price,
    body: content,
  });

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
  ours = {
    onOurs: stack.defer(await startOurServer(stack.facilitator)),
    onReference: stack.defer(
      await startOurServer(createFacilitatorClient({ url: referenceFacilitator.url })),
    ),
  };
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

/** The reference fetch client with its batch-settlement scheme exposed (for `refund`). */
function referenceClient(account: (typeof stack.chain.accounts.buyers)[number]["account"]) {
  const { chain } = stack;
  const scheme = new ReferenceBatchClient(toClientEvmSigner(account as never, chain.publicClient as never));
  const client = new x402Client()
    .register(chain.network, scheme)
    .setSpendControls({ allowedAssets: [{ network: chain.network, asset: chain.usdc.address }] });
  return { scheme, fetch: wrapFetchWithPayment(fetch, client) };
}

describe("(c) the reference client pays x402kit's server, on x402kit's facilitator", () => {
  it("deposits, pays with vouchers and a top-up, recovers after losing its state, refunds; balances to the unit", async () => {
    const { chain } = stack;
    const buyer = chain.accounts.buyers[2]!;
    const balances = await watchBalances(chain, {
      buyer: buyer.address,
      escrow,
      seller: chain.accounts.seller.address,
    });
    let reference = referenceClient(buyer.account);
    const get = async () => {
      const response = await reference.fetch(`${ours.onOurs.url}/paid/report`);
      expect(response.status, await response.clone().text()).toBe(200);
      expect(await response.json()).toEqual(content);
      return getPaymentReceipt(response)!;
    };
    // Five requests' worth deposited (the reference client's default), then vouchers checked locally.
    expect(await get()).toMatchObject({ success: true, amount: "5000", extra: { chargedAmount: "1000" } });
    for (let i = 0; i < 3; i++)
      expect(await get()).toMatchObject({ success: true, transaction: "", amount: "" });
    const verifies = stack.facilitator.calls.filter((c) => c.operation === "verify").length;
    // A fresh reference client recovers from the chain and x402kit's corrective 402 (its own last voucher).
    reference = referenceClient(buyer.account);
    expect(await get()).toMatchObject({
      success: true,
      extra: { channelState: { chargedCumulativeAmount: "5000" } },
    });
    // The sixth request tops up.
    expect(await get()).toMatchObject({
      success: true,
      amount: "5000",
      extra: { channelState: { chargedCumulativeAmount: "6000", balance: "10000" } },
    });
    expect(stack.facilitator.calls.filter((c) => c.operation === "verify").length - verifies).toBe(1);
    expect(await balances.deltas()).toEqual({ buyer: -10_000n, escrow: 10_000n, seller: 0n });

    const claimed = await ours.onOurs.manager.claimAndSettle();
    expect(claimed.settle).toMatchObject({ success: true, amount: "6000" });
    expect(await balances.deltas()).toEqual({ buyer: -10_000n, escrow: 4_000n, seller: 6_000n });
    // The reference client asks x402kit's server for a cooperative refund of the rest.
    const refunded = await reference.scheme.refund(`${ours.onOurs.url}/paid/report`);
    expect(refunded).toMatchObject({ success: true, amount: "4000" });
    expect(await balances.deltas()).toEqual({ buyer: -6_000n, escrow: 0n, seller: 6_000n });
  });
});

describe("(d) x402kit's client pays x402kit's server, on the reference facilitator", () => {
  it("deposits, pays with vouchers, claims and sweeps through the reference facilitator, and refunds the rest", async () => {
    const { chain } = stack;
    const buyer = chain.accounts.buyers[3]!;
    const balances = await watchBalances(chain, {
      buyer: buyer.address,
      escrow,
      seller: chain.accounts.seller.address,
    });
    const client = batchSettlementEvmClient({
      account: buyer.account,
      publicClients: { [chain.network]: chain.publicClient },
    });
    const paidFetch = wrapFetch(fetch, createX402Client({ schemes: [client] }));
    for (let i = 0; i < 4; i++) {
      const response = await paidFetch(`${ours.onReference.url}/paid/report`);
      expect(response.status, await response.clone().text()).toBe(200);
      expect(getPaymentReceipt(response)).toMatchObject({ success: true, extra: { chargedAmount: "1000" } });
    }
    expect(await balances.deltas()).toEqual({ buyer: -5_000n, escrow: 5_000n, seller: 0n });
    const claimed = await ours.onReference.manager.claimAndSettle();
    expect(claimed.settle).toMatchObject({ success: true, amount: "4000" });
    const refund = await refundChannel({ client, url: `${ours.onReference.url}/paid/report` });
    expect(refund).toMatchObject({ success: true, amount: "1000" });
    expect(await balances.deltas()).toEqual({ buyer: -4_000n, escrow: 0n, seller: 4_000n });
  });
});
