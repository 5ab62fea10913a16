import { createFacilitatorClient } from "@x402kit/core";
import { watchBalances } from "@x402kit/testchain";
import {
  canonicalReasonCode,
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  headerNames,
  type PaymentRequirements,
  specReasonCodes,
} from "@x402kit/types";
import { type Address, getAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBuyerClient } from "../src/createBuyerClient.js";
import { type ClientKind, clientKinds, createPaidGet } from "../src/createPaidGet.js";
import {
  testContent as content,
  createPaidResourceServer,
  testPrice,
} from "../src/createPaidResourceServer.js";
import { createReferenceFetch } from "../src/createReferenceFetch.js";
import { installMulticall3 } from "../src/installMulticall3.js";
import type { ListenReturnType } from "../src/listen.js";
import { requestPaymentRequired } from "../src/requestPaymentRequired.js";
import { signPaymentHeader } from "../src/signPaymentHeader.js";
import { startAdapterApp } from "../src/startAdapterApp.js";
import { type InteropStack, startInteropStack } from "../src/startInteropStack.js";
import { startReferenceExpressServer } from "../src/startReferenceExpressServer.js";
import {
  type StartReferenceFacilitatorReturnType,
  startReferenceFacilitator,
} from "../src/startReferenceFacilitator.js";
import { watchBuyerAndSeller } from "../src/watchBuyerAndSeller.js";

// x402kit against the reference implementation (@x402/* 2.27.0), each side over real HTTP, paying MockUSDC on one
// local chain:
//   (a) x402kit's client -> the reference express server -> x402kit's facilitator
//   (b) the reference fetch client -> x402kit's express server -> x402kit's facilitator
//   (c) x402kit's client -> x402kit's express server -> the reference facilitator
// (The v1 bullet, x402-fetch 1.2.0, needs a chain that answers as Base Sepolia: reference-v1.test.ts.)
// Where the reference does not follow the spec, the test asserts what it does and says so in its name.

let stack: InteropStack;
let referenceFacilitator: StartReferenceFacilitatorReturnType;
/** (a) The reference express server, settling through x402kit's facilitator. */
let referenceServer: ListenReturnType;
/** (b) x402kit's express server with x402kit's facilitator. */
let ourServer: ListenReturnType;
/** (c) x402kit's express server with the reference facilitator. */
let ourServerWithReferenceFacilitator: ListenReturnType;

beforeAll(async () => {
  stack = await startInteropStack();
  const { chain } = stack;
  // The reference facilitator diagnoses failed simulations through Multicall3, which Hardhat lacks.
  await installMulticall3({
    rpcUrl: chain.rpcUrl,
    chainId: chain.chainId,
    setCode: (address, bytecode) => chain.testClient.setCode({ address, bytecode }),
  });
  // Its own gas account (the deployer, idle after set-up), so that its transaction nonces never meet x402kit's.
  referenceFacilitator = stack.defer(
    await startReferenceFacilitator({
      rpcUrl: chain.rpcUrl,
      chainId: chain.chainId,
      account: chain.accounts.deployer.account,
    }),
  );
  referenceServer = stack.defer(
    await startReferenceExpressServer({ chain, facilitatorUrl: stack.facilitatorUrl, body: content }),
  );
  const startOurs = (facilitator: Parameters<typeof createPaidResourceServer>[0]["facilitator"]) =>
    startAdapterApp({
      adapter: "express",
      server: createPaidResourceServer({ chain, facilitator }),
      handlers: { "/paid/report": () => ({ body: content }) },
    });
  ourServer = stack.defer(await startOurs(stack.facilitator));
  ourServerWithReferenceFacilitator = stack.defer(
    await startOurs(createFacilitatorClient({ url: referenceFacilitator.url })),
  );
});

afterAll(async () => {
  await stack?.stop();
});

const watchPayment = (buyer?: Address) => watchBuyerAndSeller(stack.chain, buyer);

const paid = { buyer: -testPrice.atomic, seller: testPrice.atomic };

/** The account that sent a settlement transaction: which facilitator settled. */
const senderOf = async (transaction: string) =>
  getAddress((await stack.chain.publicClient.getTransaction({ hash: transaction as `0x${string}` })).from);

describe("(a) x402kit's client pays the reference express server, which uses x402kit's facilitator", () => {
  it.each(clientKinds)("with %s", async (kind: ClientKind) => {
    const { chain } = stack;
    const balances = await watchPayment();
    const get = createPaidGet(kind, createBuyerClient({ account: chain.accounts.buyer.account }));

    const response = await get(`${referenceServer.url}/paid/report`);

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual(content);
    expect(response.receipt).toMatchObject({
      success: true,
      network: chain.network,
      payer: chain.accounts.buyer.address,
    });
    expect(await senderOf(response.receipt!.transaction)).toBe(chain.accounts.facilitator.address);
    expect(await balances.deltas()).toEqual(paid);
  });

  it("reference deviation: answers a malformed PAYMENT-SIGNATURE with 402, not 400 (transports-v2/http.md, Error Handling)", async () => {
    const balances = await watchPayment();
    // The reference logs the decode failure on stderr; keep the test output clean.
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await fetch(`${referenceServer.url}/paid/report`, {
      headers: { [headerNames.paymentSignature]: "%%%not-base64%%%" },
    }).finally(() => quiet.mockRestore());
    expect(response.status).toBe(402);
    expect(await response.text()).not.toContain(content.content);
    expect(
      decodePaymentRequiredHeader(response.headers.get(headerNames.paymentRequired)!).accepts,
    ).toHaveLength(1);
    expect(await balances.deltas()).toEqual({ buyer: 0n, seller: 0n });
  });

  it("the same payment header 5 times at once: the reference server delivers once, because x402kit's facilitator refuses the repeats", async () => {
    // The reference server reads only the spec's fields: a repeat answered as a (marked) success would be delivered.
    const { chain } = stack;
    const url = `${referenceServer.url}/paid/report`;
    const signature = await signPaymentHeader({
      paymentRequired: await requestPaymentRequired(url),
      account: chain.accounts.buyer.account,
    });
    const balances = await watchPayment();
    // The reference logs the refused settlements on stderr; keep the test output clean.
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const responses = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const response = await fetch(url, { headers: signature.headers });
        return { status: response.status, body: await response.text() };
      }),
    ).finally(() => quiet.mockRestore());
    const delivered = responses.filter((response) => response.body.includes(content.content));
    expect(delivered, JSON.stringify(responses.map((response) => response.status))).toHaveLength(1);
    expect(delivered[0]!.status).toBe(200);
    expect(await balances.deltas()).toEqual(paid);
  });
});

describe("(b) the reference fetch client pays x402kit's express server, which uses x402kit's facilitator", () => {
  it("pays in v2 with PAYMENT-SIGNATURE and gets the content and PAYMENT-RESPONSE", async () => {
    const { chain } = stack;
    const buyer = chain.accounts.buyers[1]!;
    const balances = await watchPayment(buyer.address);
    const callsBefore = stack.facilitator.calls.length;

    const response = await createReferenceFetch({ chain, account: buyer.account })(
      `${ourServer.url}/paid/report`,
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(content);
    const receipt = decodePaymentResponseHeader(response.headers.get(headerNames.paymentResponse)!);
    expect(receipt).toMatchObject({ success: true, network: chain.network, payer: buyer.address });
    expect(await senderOf(receipt.transaction)).toBe(chain.accounts.facilitator.address);
    expect(stack.facilitator.describeCalls(callsBefore)).toEqual(["verify v2", "settle v2"]);
    expect(await balances.deltas()).toEqual(paid);
  });
});

describe("(c) the reference facilitator verifies and settles what x402kit's client made", () => {
  it.each(clientKinds)("with %s, through x402kit's express server", async (kind: ClientKind) => {
    const { chain } = stack;
    const balances = await watchPayment();
    const requestsBefore = referenceFacilitator.requests.length;
    const get = createPaidGet(kind, createBuyerClient({ account: chain.accounts.buyer.account }));

    const response = await get(`${ourServerWithReferenceFacilitator.url}/paid/report`);

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual(content);
    expect(response.receipt).toMatchObject({ success: true, network: chain.network });
    expect(await senderOf(response.receipt!.transaction)).toBe(chain.accounts.deployer.address);
    expect(referenceFacilitator.requests.slice(requestsBefore).map((r) => r.path)).toEqual([
      "/verify",
      "/settle",
    ]);
    expect(await balances.deltas()).toEqual(paid);
  });

  // What the reference facilitator calls a bad payment that x402kit's client signed, as x402kit's server relays it
  // in PAYMENT-REQUIRED. Spec v2 §9 lists the codes; x402kit's types map the reference's other names to them.
  const refusals: {
    name: string;
    reason: string;
    tamper?: (requirements: PaymentRequirements) => PaymentRequirements;
    unfunded?: true;
    clockAheadSeconds?: number;
  }[] = [
    {
      name: "value mismatch",
      reason: "invalid_exact_evm_payload_authorization_value_mismatch",
      tamper: (requirements) => ({ ...requirements, amount: "9999" }),
    },
    {
      name: "not yet valid",
      reason: "invalid_exact_evm_payload_authorization_valid_after",
      clockAheadSeconds: 3600,
    },
    {
      name: "reference deviation (spec v2 §9 invalid_exact_evm_payload_recipient_mismatch): recipient mismatch",
      reason: "invalid_exact_evm_recipient_mismatch",
      tamper: (requirements) => ({
        ...requirements,
        payTo: privateKeyToAccount(generatePrivateKey()).address,
      }),
    },
    {
      name: "reference deviation (spec v2 §9 insufficient_funds): insufficient funds",
      reason: "invalid_exact_evm_insufficient_balance",
      unfunded: true,
    },
  ];
  it.each(refusals)("refuses: $name -> $reason, nothing moves", async (refusal) => {
    const { chain } = stack;
    const account = refusal.unfunded
      ? privateKeyToAccount(generatePrivateKey())
      : chain.accounts.buyer.account;
    const url = `${ourServerWithReferenceFacilitator.url}/paid/report`;
    const signature = await signPaymentHeader({
      paymentRequired: await requestPaymentRequired(url),
      account,
      tamper: refusal.tamper,
      now: refusal.clockAheadSeconds
        ? () => Math.floor(Date.now() / 1000) + refusal.clockAheadSeconds!
        : undefined,
    });
    const balances = await watchPayment(account.address);

    const response = await fetch(url, { headers: signature.headers });

    expect(response.status).toBe(402);
    expect(await response.text()).not.toContain(content.content);
    const reason = decodePaymentRequiredHeader(response.headers.get(headerNames.paymentRequired)!).error!;
    expect(reason).toBe(refusal.reason);
    expect(specReasonCodes).toContain(canonicalReasonCode(reason));
    expect(await balances.deltas()).toEqual({ buyer: 0n, seller: 0n });
  });

  it("reference deviation (not the wire: x402 notes, settle): concurrent settlements collide on its account nonce; x402kit's server delivers only what settled", async () => {
    const { chain } = stack;
    const buyers = chain.accounts.buyers;
    const balances = await watchBalances(chain, {
      seller: chain.accounts.seller.address,
      ...Object.fromEntries(buyers.map((buyer, i) => [`buyer${i}`, buyer.address])),
    });

    const responses = await Promise.all(
      buyers.map((buyer) =>
        createPaidGet(
          "wrapFetch",
          createBuyerClient({ account: buyer.account }),
        )(`${ourServerWithReferenceFacilitator.url}/paid/report`),
      ),
    );

    // As wired in its documentation, the reference signer takes each transaction's nonce from the node, so
    // settlements sent together reuse a nonce and all but one of them fail.
    const settled = responses.filter((r) => r.status === 200);
    const failed = responses.filter((r) => r.status !== 200);
    expect(failed.length).toBeGreaterThan(0);
    for (const response of settled) expect(response.body).toEqual(content);
    for (const response of failed) {
      expect(response.status).toBe(402);
      expect(response.body).toEqual({});
      expect(response.receipt).toMatchObject({ success: false, transaction: "" });
      expect(canonicalReasonCode(response.receipt!.errorReason!)).toBe("invalid_transaction_state");
    }
    expect(await balances.deltas()).toEqual({
      seller: BigInt(settled.length) * testPrice.atomic,
      ...Object.fromEntries(
        responses.map((r, i) => [`buyer${i}`, r.status === 200 ? -testPrice.atomic : 0n]),
      ),
    });
  });

  it("refuses a replay at a second server with invalid_exact_evm_nonce_already_used (no spec v2 §9 code names it); one transfer", async () => {
    const { chain } = stack;
    const url = `${ourServerWithReferenceFacilitator.url}/paid/report`;
    const signature = await signPaymentHeader({
      paymentRequired: await requestPaymentRequired(url),
      account: chain.accounts.buyer.account,
    });
    const second = stack.defer(
      await startAdapterApp({
        adapter: "express",
        server: createPaidResourceServer({
          chain,
          facilitator: createFacilitatorClient({ url: referenceFacilitator.url }),
        }),
        handlers: { "/paid/report": () => ({ body: content }) },
      }),
    );
    const balances = await watchPayment();

    const first = await fetch(url, { headers: signature.headers });
    expect(first.status).toBe(200);
    const replay = await fetch(`${second.url}/paid/report`, { headers: signature.headers });

    expect(replay.status).toBe(402);
    expect(await replay.text()).not.toContain(content.content);
    expect(decodePaymentRequiredHeader(replay.headers.get(headerNames.paymentRequired)!).error).toBe(
      "invalid_exact_evm_nonce_already_used",
    );
    expect(await balances.deltas()).toEqual(paid);
  });
});
