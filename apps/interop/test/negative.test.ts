import { getPaymentReceipt, wrapFetch } from "@x402kit/client";
import { createFacilitatorClient, type FacilitatorLike } from "@x402kit/core";
import type { TestAccount } from "@x402kit/testchain";
import { watchBalances } from "@x402kit/testchain";
import {
  base64EncodeUtf8,
  caip2ToV1Network,
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  decodeXPaymentResponseHeader,
  headerNames,
  type PaymentRequirements,
} from "@x402kit/types";
import { erc20Abi } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPortUrl } from "../src/closedPortUrl.js";
import { createBuyerClient } from "../src/createBuyerClient.js";
import {
  testContent as content,
  createPaidResourceServer,
  testPrice,
} from "../src/createPaidResourceServer.js";
import { createTestClock } from "../src/createTestClock.js";
import { requestPaymentRequired } from "../src/requestPaymentRequired.js";
import {
  type SignPaymentHeaderParameters,
  type SignPaymentHeaderReturnType,
  signPaymentHeader,
} from "../src/signPaymentHeader.js";
import { type RouteHandler, startAdapterApp } from "../src/startAdapterApp.js";
import { type InteropStack, startInteropStack } from "../src/startInteropStack.js";
import { startUnresponsiveServer } from "../src/startUnresponsiveServer.js";
import { watchBuyerAndSeller } from "../src/watchBuyerAndSeller.js";

// Refused and failed payments through a real express server, x402kit's facilitator over HTTP and a local chain.
// Each case asserts the status, the reason code (the `error` of PAYMENT-REQUIRED, or of PAYMENT-RESPONSE for a
// failed settlement), that the handler's content was not sent, and that no MockUSDC moved.
//
// The signers and the facilitator share one test clock, so that "time passes" for both when the chain's clock is
// moved forward (an authorization then expires for the facilitator and the chain alike).

const clock = createTestClock();
const maxTimeoutSeconds = 60;
let stack: InteropStack;
let url: string;
/** Every run of a paid handler, by path. */
const ran: string[] = [];

beforeAll(async () => {
  stack = await startInteropStack({ now: clock.now });
  url = (await startApp(stack.facilitator)).url;
});

afterAll(async () => {
  await stack?.stop();
});

/** An express app (x402kit adapter) whose `/paid/*` routes are paid through `facilitator`. */
async function startApp(facilitator: FacilitatorLike) {
  const { chain } = stack;
  const handler =
    (path: string, run: (payer: string | undefined) => unknown = () => content): RouteHandler =>
    async (payment) => {
      ran.push(path);
      return { body: await run(payment?.payer) };
    };
  return stack.defer(
    await startAdapterApp({
      adapter: "express",
      server: createPaidResourceServer({ chain, facilitator, maxTimeoutSeconds }),
      handlers: {
        "/paid/ok": handler("/paid/ok"),
        "/paid/fails": async () => {
          ran.push("/paid/fails");
          return { status: 500, body: { error: "handler failed" } };
        },
        "/paid/throws": () => {
          ran.push("/paid/throws");
          throw new Error("handler threw");
        },
        // Empties the payer's MockUSDC balance before answering, so that settlement must fail.
        "/paid/drain": handler("/paid/drain", async (payer) => {
          const victim = chain.accounts.buyers.find((b) => b.address === payer)!;
          const balance = await chain.balanceOf(chain.usdc.address, victim.address);
          const hash = await chain.walletClient(victim).writeContract({
            address: chain.usdc.address,
            abi: erc20Abi,
            functionName: "transfer",
            args: [chain.accounts.deployer.address, balance],
          });
          await chain.publicClient.waitForTransactionReceipt({ hash });
          return content;
        }),
      },
    }),
  );
}

/** A signed PAYMENT-SIGNATURE for `path`, from the 402 the server answers, signed on the shared clock. */
async function sign(
  path: string,
  buyer: TestAccount | SignPaymentHeaderParameters["account"] = stack.chain.accounts.buyer,
  options: Pick<SignPaymentHeaderParameters, "now" | "tamper" | "x402Version"> = {},
  base = url,
) {
  return signPaymentHeader({
    paymentRequired: await requestPaymentRequired(`${base}${path}`),
    account: "account" in buyer ? buyer.account : buyer,
    now: options.now ?? clock.now,
    tamper: options.tamper,
    x402Version: options.x402Version,
  });
}

/** Sends a signed payment header, or a raw `PAYMENT-SIGNATURE` value. */
const send = (path: string, payment: SignPaymentHeaderReturnType | string, base = url) =>
  fetch(`${base}${path}`, {
    headers: typeof payment === "string" ? { [headerNames.paymentSignature]: payment } : payment.headers,
  });

/** The reason a 402 (or 400) gives in its PAYMENT-REQUIRED header. */
const reasonOf = (response: Response) =>
  decodePaymentRequiredHeader(response.headers.get(headerNames.paymentRequired)!).error;

const unmoved = { buyer: 0n, seller: 0n };

/** Expects a refused payment: status, reason, no handler run, no content, no settlement header. */
async function expectRefused(response: Response, status: number, reason: string) {
  const body = await response.text();
  expect(response.status, body).toBe(status);
  expect(reasonOf(response)).toBe(reason);
  expect(body).not.toContain(content.content);
  expect(response.headers.get(headerNames.paymentResponse)).toBeNull();
}

describe("refused before the handler runs", () => {
  it("no payment header: 402 with PAYMENT-REQUIRED offering the exact price", async () => {
    const balances = await watchBuyerAndSeller(stack.chain);
    const response = await fetch(`${url}/paid/ok`);

    await expectRefused(response, 402, "PAYMENT-SIGNATURE header is required");
    const required = decodePaymentRequiredHeader(response.headers.get(headerNames.paymentRequired)!);
    expect(required.accepts).toEqual([
      expect.objectContaining({
        scheme: "exact",
        network: stack.chain.network,
        amount: testPrice.atomic.toString(),
        asset: stack.chain.usdc.address,
        payTo: stack.chain.accounts.seller.address,
      }),
    ]);
    expect(ran).toEqual([]);
    expect(await balances.deltas()).toEqual(unmoved);
  });

  it.each([
    ["not base64", "%%%not-base64%%%", "invalid_payment_header"],
    [
      "base64 JSON without x402Version",
      base64EncodeUtf8(JSON.stringify({ hello: "world" })),
      "invalid_x402_version",
    ],
    [
      "base64 v2 JSON that is no payment",
      base64EncodeUtf8(JSON.stringify({ x402Version: 2, hello: "world" })),
      "invalid_payload",
    ],
  ])("malformed header (%s): 400", async (_name, signature, reason) => {
    const balances = await watchBuyerAndSeller(stack.chain);
    await expectRefused(await send("/paid/ok", signature), 400, reason);
    expect(ran).toEqual([]);
    expect(await balances.deltas()).toEqual(unmoved);
  });

  it("`accepted` changed to a lower price than offered: 402 payment_requirements_mismatch", async () => {
    const paymentRequired = await requestPaymentRequired(`${url}/paid/ok`);
    const cheaper = { ...paymentRequired.accepts[0]!, amount: "1" };
    const signature = await signPaymentHeader({
      paymentRequired: { ...paymentRequired, accepts: [cheaper] },
      account: stack.chain.accounts.buyer.account,
      now: clock.now,
    });
    const balances = await watchBuyerAndSeller(stack.chain);
    await expectRefused(await send("/paid/ok", signature), 402, "payment_requirements_mismatch");
    expect(ran).toEqual([]);
    expect(await balances.deltas()).toEqual(unmoved);
  });

  it.each<{
    name: string;
    tamper: (requirements: PaymentRequirements) => PaymentRequirements;
    reason: string;
  }>([
    {
      name: "wrong amount",
      tamper: (requirements) => ({ ...requirements, amount: "9999" }),
      reason: "invalid_exact_evm_payload_authorization_value_mismatch",
    },
    {
      name: "wrong recipient",
      tamper: (requirements) => ({
        ...requirements,
        payTo: privateKeyToAccount(generatePrivateKey()).address,
      }),
      reason: "invalid_exact_evm_payload_recipient_mismatch",
    },
  ])("authorization signed with the $name: 402 $reason", async ({ tamper, reason }) => {
    const signature = await sign("/paid/ok", undefined, { tamper });
    const balances = await watchBuyerAndSeller(stack.chain);
    await expectRefused(await send("/paid/ok", signature), 402, reason);
    expect(ran).toEqual([]);
    expect(await balances.deltas()).toEqual(unmoved);
  });

  it("not yet valid (signed by a client whose clock is an hour ahead): 402 ..._valid_after", async () => {
    const signature = await sign("/paid/ok", undefined, { now: () => clock.now() + 3600 });
    const balances = await watchBuyerAndSeller(stack.chain);
    await expectRefused(
      await send("/paid/ok", signature),
      402,
      "invalid_exact_evm_payload_authorization_valid_after",
    );
    expect(ran).toEqual([]);
    expect(await balances.deltas()).toEqual(unmoved);
  });

  it("insufficient funds (a buyer with no MockUSDC): 402 insufficient_funds", async () => {
    const pauper = privateKeyToAccount(generatePrivateKey());
    const signature = await sign("/paid/ok", pauper);
    const balances = await watchBuyerAndSeller(stack.chain, pauper.address);
    await expectRefused(await send("/paid/ok", signature), 402, "insufficient_funds");
    expect(ran).toEqual([]);
    expect(await balances.deltas()).toEqual(unmoved);
  });
});

describe("time passes", () => {
  it("expired for the chain only (the facilitator's clock lags): the simulation catches it, 402 invalid_transaction_state", async () => {
    const signature = await sign("/paid/ok");
    await stack.chain.increaseTime(2 * maxTimeoutSeconds);
    try {
      const balances = await watchBuyerAndSeller(stack.chain);
      await expectRefused(await send("/paid/ok", signature), 402, "invalid_transaction_state");
      expect(ran).toEqual([]);
      expect(await balances.deltas()).toEqual(unmoved);
    } finally {
      clock.advance(2 * maxTimeoutSeconds);
    }
  });

  it("expired (chain and clocks moved past validBefore): 402 ..._valid_before", async () => {
    const signature = await sign("/paid/ok");
    await stack.chain.increaseTime(2 * maxTimeoutSeconds);
    clock.advance(2 * maxTimeoutSeconds);
    const balances = await watchBuyerAndSeller(stack.chain);
    await expectRefused(
      await send("/paid/ok", signature),
      402,
      "invalid_exact_evm_payload_authorization_valid_before",
    );
    expect(ran).toEqual([]);
    expect(await balances.deltas()).toEqual(unmoved);
  });
});

describe("replay", () => {
  it("the same header twice at one server: 200 once, then 402 duplicate_settlement; one transfer", async () => {
    const signature = await sign("/paid/ok");
    const balances = await watchBuyerAndSeller(stack.chain);

    const first = await send("/paid/ok", signature);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual(content);
    await expectRefused(await send("/paid/ok", signature), 402, "duplicate_settlement");

    expect(ran.splice(0)).toEqual(["/paid/ok"]);
    expect(await balances.deltas()).toEqual({ buyer: -testPrice.atomic, seller: testPrice.atomic });
  });

  it("a settled header at a second server (no shared memory): the chain's nonce refuses it; one transfer", async () => {
    const other = await startApp(stack.facilitator);
    const signature = await sign("/paid/ok");
    const balances = await watchBuyerAndSeller(stack.chain);

    expect((await send("/paid/ok", signature)).status).toBe(200);
    await expectRefused(
      await send("/paid/ok", signature, other.url),
      402,
      "invalid_exact_evm_payload_authorization_nonce_used",
    );

    expect(ran.splice(0)).toEqual(["/paid/ok"]);
    expect(await balances.deltas()).toEqual({ buyer: -testPrice.atomic, seller: testPrice.atomic });
  });
});

describe("failures after verification", () => {
  it.each([
    ["answers 500", "/paid/fails", '{"error":"handler failed"}'],
    ["throws", "/paid/throws", "Internal Server Error"],
  ])("the handler %s: its error, no settlement, nothing charged", async (_name, path, body) => {
    const signature = await sign(path);
    const balances = await watchBuyerAndSeller(stack.chain);
    const response = await send(path, signature);

    expect(response.status).toBe(500);
    expect(await response.text()).toBe(body);
    expect(response.headers.get(headerNames.paymentResponse)).toBeNull();
    expect(ran.splice(0)).toEqual([path]);
    expect(stack.facilitator.calls.at(-1)?.operation).toBe("verify");
    expect(await balances.deltas()).toEqual(unmoved);
  });

  it("settlement fails (the handler drains the buyer first): 402, PAYMENT-RESPONSE {success: false}, no content", async () => {
    const { chain } = stack;
    const victim = chain.accounts.buyers[1]!;
    const signature = await sign("/paid/drain", victim);
    const held = await chain.balanceOf(chain.usdc.address, victim.address);
    const balances = await watchBalances(chain, {
      buyer: victim.address,
      seller: chain.accounts.seller.address,
      sink: chain.accounts.deployer.address,
    });

    const response = await send("/paid/drain", signature);

    expect(response.status).toBe(402);
    expect(await response.text()).toBe("{}");
    expect(decodePaymentResponseHeader(response.headers.get(headerNames.paymentResponse)!)).toMatchObject({
      success: false,
      errorReason: "insufficient_funds",
      transaction: "",
      network: chain.network,
    });
    expect(ran.splice(0)).toEqual(["/paid/drain"]);
    // Only the handler's own transfer moved money; the seller got nothing.
    expect(await balances.deltas()).toEqual({ buyer: -held, seller: 0n, sink: held });
  });
});

describe("failures after verification, seen by x402kit's client", () => {
  it("settlement fails: wrapFetch returns the 402 with its failed receipt and gives the budget back", async () => {
    const { chain } = stack;
    const victim = chain.accounts.buyers[2]!;
    const client = createBuyerClient({
      account: victim.account,
      now: clock.now,
      spending: { budget: 1_000_000n },
    });
    const held = await chain.balanceOf(chain.usdc.address, victim.address);
    const balances = await watchBalances(chain, {
      buyer: victim.address,
      seller: chain.accounts.seller.address,
      sink: chain.accounts.deployer.address,
    });

    const response = await wrapFetch(fetch, client)(`${url}/paid/drain`);

    expect(response.status).toBe(402);
    expect(await response.text()).toBe("{}");
    expect(getPaymentReceipt(response)).toMatchObject({ success: false, errorReason: "insufficient_funds" });
    expect(client.spending?.spent).toBe(0n);
    expect(ran.splice(0)).toEqual(["/paid/drain"]);
    expect(await balances.deltas()).toEqual({ buyer: -held, seller: 0n, sink: held });
  });
});

describe("v1 (X-PAYMENT): refusals carry the v1 message in the body (transports-v1/http.md, Error Handling)", () => {
  /** The v1 body of a refusal: `{x402Version: 1, error, accepts}`. */
  const expectV1Refusal = async (response: Response, status: number, reason: string) => {
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({
      x402Version: 1,
      error: reason,
      accepts: [
        expect.objectContaining({
          scheme: "exact",
          network: caip2ToV1Network(stack.chain.network),
          maxAmountRequired: testPrice.atomic.toString(),
        }),
      ],
    });
    expect(response.headers.get(headerNames.xPaymentResponse)).toBeNull();
  };

  it("malformed X-PAYMENT: 400 invalid_payment_header", async () => {
    const balances = await watchBuyerAndSeller(stack.chain);
    const response = await fetch(`${url}/paid/ok`, { headers: { [headerNames.xPayment]: "%%%" } });
    await expectV1Refusal(response, 400, "invalid_payment_header");
    expect(ran).toEqual([]);
    expect(await balances.deltas()).toEqual(unmoved);
  });

  it("authorization signed with the wrong amount: 402 ..._value_mismatch", async () => {
    const payment = await sign("/paid/ok", undefined, {
      x402Version: 1,
      tamper: (requirements) => ({ ...requirements, amount: "9999" }),
    });
    const balances = await watchBuyerAndSeller(stack.chain);
    await expectV1Refusal(
      await send("/paid/ok", payment),
      402,
      "invalid_exact_evm_payload_authorization_value_mismatch",
    );
    expect(ran).toEqual([]);
    expect(await balances.deltas()).toEqual(unmoved);
  });

  it("v1 settlement fails: 402 with X-PAYMENT-RESPONSE {success: false} and the v1 body, no content", async () => {
    const { chain } = stack;
    const victim = chain.accounts.buyers[3]!;
    const payment = await sign("/paid/drain", victim, { x402Version: 1 });
    const held = await chain.balanceOf(chain.usdc.address, victim.address);
    const balances = await watchBalances(chain, {
      buyer: victim.address,
      seller: chain.accounts.seller.address,
      sink: chain.accounts.deployer.address,
    });

    const response = await send("/paid/drain", payment);

    expect(response.status).toBe(402);
    expect(decodeXPaymentResponseHeader(response.headers.get(headerNames.xPaymentResponse)!)).toMatchObject({
      success: false,
      errorReason: "insufficient_funds",
      transaction: "",
      network: caip2ToV1Network(chain.network),
    });
    expect(ran.splice(0)).toEqual(["/paid/drain"]);
    expect(await balances.deltas()).toEqual({ buyer: -held, seller: 0n, sink: held });
    // transports-v1/http.md, Settlement Response Delivery (failure) and Error Handling: the 402's body is the v1
    // message `{x402Version: 1, error, accepts}`. x402kit's engine sends `{}` (the v2 form) for v1 too.
    const body = await response.text();
    expect(body).not.toContain(content.content);
    expect(JSON.parse(body)).toMatchObject({
      x402Version: 1,
      error: "insufficient_funds",
      accepts: [expect.anything()],
    });
  });
});

describe("the facilitator is unreachable", () => {
  it("down (a closed port): 502 facilitator_unavailable, no content", async () => {
    const app = await startApp(createFacilitatorClient({ url: await closedPortUrl(), retries: 0 }));
    const signature = await sign("/paid/ok", undefined, {}, app.url);
    const balances = await watchBuyerAndSeller(stack.chain);

    const response = await send("/paid/ok", signature, app.url);

    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: "facilitator_unavailable" });
    expect(response.headers.get(headerNames.paymentResponse)).toBeNull();
    expect(ran).toEqual([]);
    expect(await balances.deltas()).toEqual(unmoved);
  });

  it("hung on verify (never answers): 504 facilitator_timeout within the client's timeout, no content", async () => {
    const hung = stack.defer(await startUnresponsiveServer());
    const timeoutMs = 500;
    const app = await startApp(createFacilitatorClient({ url: hung.url, timeoutMs, retries: 0 }));
    const signature = await sign("/paid/ok", undefined, {}, app.url);
    const balances = await watchBuyerAndSeller(stack.chain);

    const started = performance.now();
    const response = await send("/paid/ok", signature, app.url);
    const elapsed = performance.now() - started;

    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: "facilitator_timeout" });
    // The server never answers, so the 504 can only come from the client's timeout; the lower bound shows it was
    // waited for. No upper bound: on a loaded machine it would measure the machine, not the client.
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(ran).toEqual([]);
    expect(await balances.deltas()).toEqual(unmoved);
  });

  it("hung on settle (verify answers): 504 after the handler ran, its content withheld, nothing charged", async () => {
    const hung = stack.defer(await startUnresponsiveServer());
    const settleTimeoutMs = 500;
    const hangingSettle = createFacilitatorClient({ url: hung.url, settleTimeoutMs });
    const app = await startApp({
      verify: (request) => stack.facilitator.verify(request),
      settle: (request) => hangingSettle.settle(request),
      supported: () => stack.facilitator.supported(),
    });
    const signature = await sign("/paid/ok", undefined, {}, app.url);
    const balances = await watchBuyerAndSeller(stack.chain);

    const response = await send("/paid/ok", signature, app.url);

    expect(response.status).toBe(504);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ error: "facilitator_timeout" });
    expect(body).not.toContain(content.content);
    expect(ran.splice(0)).toEqual(["/paid/ok"]);
    expect(await balances.deltas()).toEqual(unmoved);
  });
});
