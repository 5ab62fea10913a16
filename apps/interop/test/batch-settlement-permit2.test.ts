import { batchSettlementEvmClient, permit2DepositCollectorAddress } from "@x402kit/batch-settlement-evm";
import { createX402Client, getPaymentReceipt, wrapFetch } from "@x402kit/client";
import { createFacilitatorClient } from "@x402kit/core";
import { type TestChainWithPermit2, watchBalances } from "@x402kit/testchain";
import { type Address, getAddress, type Hex, type LocalAccount, parseAbi, parseEventLogs } from "viem";
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

// batch-settlement deposits through Permit2 (`assetTransferMethod: "permit2"`) between x402kit and the reference
// (@x402/evm 2.27), over real HTTP on one chain with Permit2, x402kit's escrow and Permit2 deposit collector at their
// canonical addresses. The asset is MockERC20Permit, which has no EIP-3009: a deposit can only arrive through Permit2.
//   (a) the reference client -> the reference server -> x402kit's facilitator (the reference's Permit2 payload)
//   (b) x402kit's client -> the reference server -> the reference facilitator (x402kit's payload; the reference
//       facilitator's collectorData into x402kit's collector)
//   (c) x402kit's client -> x402kit's server (announcing permit2) -> the reference facilitator
// Every buyer approved Permit2 once. Balances checked to the unit. About 15 s, most of it the chain and servers.

const price = 1_000n;
const content = { report: "channels through Permit2" };
const escrow = "0x4020074e9dF2ce1deE5A9C1b5c3f541D02a10003" as const;
let stack: InteropStack;
let chain: TestChainWithPermit2;
let referenceFacilitator: StartReferenceFacilitatorReturnType;
let referenceOnOurs: StartReferenceBatchServerReturnType;
let referenceOnReference: StartReferenceBatchServerReturnType;
let oursOnReference: StartOurBatchServerReturnType;

beforeAll(async () => {
  stack = await startInteropStack({ chain: { permit2: true }, batchSettlement: true });
  chain = stack.chain as TestChainWithPermit2;
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
  const asset = { ...chain.permit2Token, assetTransferMethod: "permit2" as const };
  const serve = (facilitatorUrl: string) =>
    startReferenceBatchServer({
      chain,
      facilitatorUrl,
      receiverAuthorizer: privateKeyToAccount(generatePrivateKey()),
      price,
      body: content,
      asset,
    });
  referenceOnOurs = stack.defer(await serve(stack.facilitatorUrl));
  referenceOnReference = stack.defer(await serve(referenceFacilitator.url));
  oursOnReference = stack.defer(
    await startOurBatchServer({
      chain,
      facilitator: createFacilitatorClient({ url: referenceFacilitator.url }),
      receiverAuthorizer: privateKeyToAccount(generatePrivateKey()),
      price,
      body: content,
      asset,
    }),
  );
  for (const buyer of chain.accounts.buyers.slice(0, 3))
    await chain.permit2.approve(buyer, { token: chain.permit2Token.address });
});

afterAll(async () => {
  await stack?.stop();
});

const watch = (buyer: LocalAccount) =>
  watchBalances(
    chain,
    { buyer: buyer.address, escrow, seller: chain.accounts.seller.address },
    chain.permit2Token.address,
  );

function ourFetch(buyer: LocalAccount) {
  const client = batchSettlementEvmClient({
    account: buyer,
    publicClients: { [chain.network]: chain.publicClient },
  });
  return wrapFetch(fetch, createX402Client({ schemes: [client] }));
}

const depositedEvent = parseAbi([
  "event Deposited(bytes32 indexed channelId, address indexed collector, uint128 amount, uint128 balance)",
]);

/** The collector of each deposit transaction, from the escrow's `Deposited` event. */
async function collectors(hashes: string[]) {
  const receipts = await Promise.all(
    hashes.map((hash) => chain.publicClient.getTransactionReceipt({ hash: hash as Hex })),
  );
  return receipts.flatMap(
    (receipt) =>
      parseEventLogs({ abi: depositedEvent, logs: receipt.logs }).map((log) =>
        getAddress(log.args.collector),
      ) as Address[],
  );
}

/** `count` paid requests; returns the deposits' transaction hashes. */
async function pay(paidFetch: typeof fetch, url: string, count: number): Promise<string[]> {
  const deposits: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await paidFetch(url);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toEqual(content);
    const receipt = getPaymentReceipt(response);
    expect(receipt).toMatchObject({ success: true, network: chain.network });
    if (receipt!.transaction) deposits.push(receipt!.transaction);
  }
  return deposits;
}

describe("(a) the reference client deposits through Permit2 on x402kit's facilitator", () => {
  it("deposits once (the reference server's minDeposit), pays over the channel, claims and sweeps to the unit", async () => {
    const buyer = chain.accounts.buyers[0]!.account;
    const balances = await watch(buyer);
    const paidFetch = createReferenceFetch({ chain, account: buyer });
    const deposits = await pay(paidFetch, `${referenceOnOurs.url}/paid/report`, 6);
    expect(await collectors(deposits)).toEqual([permit2DepositCollectorAddress]);
    expect(await balances.deltas()).toEqual({ buyer: -10_000n, escrow: 10_000n, seller: 0n });
    await referenceOnOurs.manager.claimAndSettle();
    expect(await balances.deltas()).toEqual({ buyer: -10_000n, escrow: 4_000n, seller: 6_000n });
  });
});

describe("(b) x402kit's client deposits through Permit2 on the reference server and facilitator", () => {
  it("deposits, pays over the channel, and the reference claims and sweeps every unit charged", async () => {
    const buyer = chain.accounts.buyers[1]!.account;
    const balances = await watch(buyer);
    const deposits = await pay(ourFetch(buyer), `${referenceOnReference.url}/paid/report`, 4);
    expect(await collectors(deposits)).toEqual([permit2DepositCollectorAddress]);
    expect(await balances.deltas()).toEqual({ buyer: -10_000n, escrow: 10_000n, seller: 0n });
    await referenceOnReference.manager.claimAndSettle();
    expect(await balances.deltas()).toEqual({ buyer: -10_000n, escrow: 6_000n, seller: 4_000n });
  });
});

describe("(c) x402kit's client and server, the deposit and claims through the reference facilitator", () => {
  it("deposits through Permit2, tops up, and claims and sweeps to the unit", async () => {
    const buyer = chain.accounts.buyers[2]!.account;
    const balances = await watch(buyer);
    // Five requests' worth per deposit (the client's default): the sixth request tops up.
    const deposits = await pay(ourFetch(buyer), `${oursOnReference.url}/paid/report`, 6);
    expect(await collectors(deposits)).toEqual([
      permit2DepositCollectorAddress,
      permit2DepositCollectorAddress,
    ]);
    expect(await balances.deltas()).toEqual({ buyer: -10_000n, escrow: 10_000n, seller: 0n });
    const claimed = await oursOnReference.manager.claimAndSettle();
    expect(claimed.settle).toMatchObject({ success: true, amount: "6000" });
    expect(await balances.deltas()).toEqual({ buyer: -10_000n, escrow: 4_000n, seller: 6_000n });
  });
});
