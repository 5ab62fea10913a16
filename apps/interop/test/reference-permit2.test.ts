import { createX402Client, getPaymentReceipt, wrapFetch, type X402Client } from "@x402kit/client";
import { createFacilitatorClient } from "@x402kit/core";
import { exactEvmClient } from "@x402kit/evm";
import type { TestAccount, TestChainWithPermit2 } from "@x402kit/testchain";
import { decodePaymentResponseHeader, headerNames, type SettleResponse } from "@x402kit/types";
import { uptoEvmClient } from "@x402kit/upto-evm";
import { getAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPermit2ResourceServer,
  permit2Paths,
  permit2Price,
  uptoMaximum,
} from "../src/createPermit2ResourceServer.js";
import { createReferenceFetch } from "../src/createReferenceFetch.js";
import { installMulticall3 } from "../src/installMulticall3.js";
import type { ListenReturnType } from "../src/listen.js";
import { type RouteHandler, startAdapterApp } from "../src/startAdapterApp.js";
import { type InteropStack, startInteropStack } from "../src/startInteropStack.js";
import {
  type StartReferenceFacilitatorReturnType,
  startReferenceFacilitator,
} from "../src/startReferenceFacilitator.js";
import { watchBuyerAndSeller } from "../src/watchBuyerAndSeller.js";

// Issue 8: Permit2 and upto against the reference implementation (@x402/* 2.27.0), over real HTTP on one local chain
// with Permit2, the x402 proxies and MockERC20Permit (a token without EIP-3009):
//   (a) the reference fetch client -> x402kit's express server -> x402kit's facilitator (exact + upto)
//   (b) x402kit's client (exact, Permit2) -> x402kit's express server -> the reference facilitator
//   (c) x402kit's client (upto) -> x402kit's express server -> the reference facilitator, below the maximum
// The buyers approve Permit2 once per token (no eip2612GasSponsoring here: the demo and the evm tests cover it).

/** What the metered route reports it used: below the maximum the client authorised. */
const used = 12_345n;

const content = { content: "the Permit2 report" } as const;

let stack: InteropStack;
let chain: TestChainWithPermit2;
let referenceFacilitator: StartReferenceFacilitatorReturnType;
/** (a) x402kit's express server with x402kit's facilitator. */
let ourServer: ListenReturnType;
/** (b), (c) x402kit's express server with the reference facilitator. */
let ourServerWithReferenceFacilitator: ListenReturnType;

const handlers: Record<string, RouteHandler> = {
  [permit2Paths.exact]: () => ({ body: content }),
  [permit2Paths.upto]: (payment) => {
    payment!.setSettlementAmount(used); // scheme_upto_evm.md: settle what the request used
    return { body: { ...content, charged: String(used) } };
  },
};

beforeAll(async () => {
  stack = await startInteropStack({ chain: { permit2: true }, upto: true });
  const started = stack.chain;
  if (!started.permit2 || !started.permit2Token) throw new Error("the test chain has no Permit2");
  chain = started as TestChainWithPermit2;
  // The reference facilitator diagnoses failed simulations through Multicall3, which Hardhat lacks.
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
  ourServer = stack.defer(
    await startAdapterApp({
      adapter: "express",
      server: createPermit2ResourceServer({ chain, facilitator: stack.facilitator }),
      handlers,
    }),
  );
  ourServerWithReferenceFacilitator = stack.defer(
    await startAdapterApp({
      adapter: "express",
      server: createPermit2ResourceServer({
        chain,
        facilitator: createFacilitatorClient({ url: referenceFacilitator.url }),
      }),
      handlers,
    }),
  );
  // Each buyer approves Permit2 once on both tokens (scheme_exact_evm.md / scheme_upto_evm.md, Permit2 set-up).
  for (const buyer of chain.accounts.buyers.slice(1, 4))
    for (const token of [chain.permit2Token.address, chain.usdc.address])
      await chain.permit2.approve(buyer, { token });
});

afterAll(async () => {
  await stack?.stop();
});

const buyer = (index: 1 | 2 | 3): TestAccount => chain.accounts.buyers[index]!;

/** The account that sent a settlement transaction: which facilitator settled. */
const senderOf = async (transaction: string) =>
  getAddress((await chain.publicClient.getTransaction({ hash: transaction as `0x${string}` })).from);

const moved = (amount: bigint) => ({ buyer: -amount, seller: amount });

const ourClient = (account: TestAccount): X402Client =>
  createX402Client({
    schemes: [exactEvmClient({ account: account.account }), uptoEvmClient({ account: account.account })],
  });

/** GET `url` paying with x402kit's client; the status, the parsed body and the decoded PAYMENT-RESPONSE. */
const payWithOurs = async (
  account: TestAccount,
  url: string,
): Promise<{ status: number; body: unknown; receipt: SettleResponse | undefined }> => {
  const response = await wrapFetch(fetch, ourClient(account))(url);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), receipt: getPaymentReceipt(response) };
};

describe("(a) the reference fetch client pays x402kit's express server, which uses x402kit's facilitator", () => {
  it("exact through Permit2 in a token without EIP-3009", async () => {
    const payer = buyer(1);
    const balances = await watchBuyerAndSeller(chain, payer.address, chain.permit2Token.address);
    const callsBefore = stack.facilitator.calls.length;

    const response = await createReferenceFetch({ chain, account: payer.account })(
      `${ourServer.url}${permit2Paths.exact}`,
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(content);
    const receipt = decodePaymentResponseHeader(response.headers.get(headerNames.paymentResponse)!);
    expect(receipt).toMatchObject({ success: true, network: chain.network, payer: payer.address });
    expect(await senderOf(receipt.transaction)).toBe(chain.accounts.facilitator.address);
    const calls = stack.facilitator.calls.slice(callsBefore);
    expect(calls.map((c) => c.operation)).toEqual(["verify", "settle"]);
    expect(calls[0]!.request.paymentPayload.payload).toHaveProperty("permit2Authorization");
    expect(await balances.deltas()).toEqual(moved(permit2Price));
  });

  it("upto, settling the amount the handler reported, below the maximum", async () => {
    const payer = buyer(1);
    const balances = await watchBuyerAndSeller(chain, payer.address);
    const callsBefore = stack.facilitator.calls.length;

    const response = await createReferenceFetch({ chain, account: payer.account })(
      `${ourServer.url}${permit2Paths.upto}`,
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ...content, charged: String(used) });
    const receipt = decodePaymentResponseHeader(response.headers.get(headerNames.paymentResponse)!);
    expect(receipt).toMatchObject({ success: true, network: chain.network, payer: payer.address });
    expect(await senderOf(receipt.transaction)).toBe(chain.accounts.facilitator.address);
    const calls = stack.facilitator.calls.slice(callsBefore);
    expect(calls.map((c) => c.operation)).toEqual(["verify", "settle"]);
    // The reference signed for the maximum; x402kit's server settles what the handler reported.
    expect(calls[0]!.request.paymentRequirements).toHaveProperty("amount", String(uptoMaximum.atomic));
    expect(calls[1]!.request.paymentRequirements).toHaveProperty("amount", String(used));
    expect(await balances.deltas()).toEqual(moved(used));
  });
});

describe("(b) the reference facilitator settles x402kit's exact Permit2 payload", () => {
  it("through x402kit's express server, in a token without EIP-3009", async () => {
    const payer = buyer(2);
    const balances = await watchBuyerAndSeller(chain, payer.address, chain.permit2Token.address);
    const requestsBefore = referenceFacilitator.requests.length;

    const response = await payWithOurs(
      payer,
      `${ourServerWithReferenceFacilitator.url}${permit2Paths.exact}`,
    );

    expect(response.status, JSON.stringify(response)).toBe(200);
    expect(response.body).toEqual(content);
    expect(response.receipt).toMatchObject({ success: true, network: chain.network });
    expect(await senderOf(response.receipt!.transaction)).toBe(chain.accounts.deployer.address);
    const requests = referenceFacilitator.requests.slice(requestsBefore);
    expect(requests.map((r) => r.path)).toEqual(["/verify", "/settle"]);
    expect(requests[0]!.body.paymentPayload.payload).toHaveProperty("permit2Authorization");
    expect(await balances.deltas()).toEqual(moved(permit2Price));
  });
});

describe("(c) the reference facilitator settles x402kit's upto payload", () => {
  it("for the amount the handler reported, below the maximum", async () => {
    const payer = buyer(3);
    const balances = await watchBuyerAndSeller(chain, payer.address);
    const requestsBefore = referenceFacilitator.requests.length;

    const response = await payWithOurs(payer, `${ourServerWithReferenceFacilitator.url}${permit2Paths.upto}`);

    expect(response.status, JSON.stringify(response)).toBe(200);
    expect(response.body).toEqual({ ...content, charged: String(used) });
    expect(response.receipt).toMatchObject({ success: true, network: chain.network });
    expect(await senderOf(response.receipt!.transaction)).toBe(chain.accounts.deployer.address);
    const requests = referenceFacilitator.requests.slice(requestsBefore);
    expect(requests.map((r) => r.path)).toEqual(["/verify", "/settle"]);
    // x402kit's client signed for the maximum; x402kit's server asks the reference to settle what was used.
    expect(requests[0]!.body.paymentRequirements.amount).toBe(String(uptoMaximum.atomic));
    expect(requests[1]!.body.paymentRequirements.amount).toBe(String(used));
    expect(await balances.deltas()).toEqual(moved(used));
  });
});
