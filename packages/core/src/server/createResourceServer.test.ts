import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  decodeXPaymentResponseHeader,
  encodePaymentSignatureHeader,
  encodeXPaymentHeader,
  type FacilitatorRequest,
  MAX_HEADER_LENGTH,
  type PaymentRequirements,
  paymentRequiredSchema,
  paymentRequiredV1Schema,
  type SettleResponse,
  type VerifyResponse,
} from "@x402kit/types";
import { describe, expect, it } from "vitest";
import { FacilitatorError } from "../errors/FacilitatorError.js";
import { X402Error } from "../errors/X402Error.js";
import { markReplayedSettlement } from "../facilitator/replayedSettlement.js";
import type { FacilitatorLike } from "../facilitator/types.js";
import type { SchemeServer } from "../schemes/types.js";
import { createResourceServer } from "./createResourceServer.js";
import { readDeliveryToken } from "./readDeliveryToken.js";
import type { HttpRequest, HttpResponse, ProcessRequestResult } from "./types.js";

// The engine alone. Its scheme and facilitator are in-process stand-ins written here: a trivial "test" scheme that
// prices in micro-dollars and a facilitator that answers what each test scripts. The real exact-EVM scheme, the
// real facilitator and real clients are covered by the end-to-end tests.

const network = "eip155:84532"; // has a v1 name (base-sepolia), so the 402 also carries a v1 body
const asset = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
const payTo = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";
const payer = "0x857b06519E91e3A54538791bDbb0E22373e36b66";

const testScheme = (name = "test"): SchemeServer => ({
  scheme: name,
  networks: ["eip155:*"],
  buildRequirements: ({ network, price, payTo, maxTimeoutSeconds, extra }) => ({
    scheme: name,
    network,
    amount: price.kind === "money" ? String(Math.round(Number(price.usd) * 1e6)) : price.amount,
    asset,
    payTo,
    maxTimeoutSeconds,
    extra: { name: "USDC", version: "2", ...extra },
  }),
});

/** A variable-amount stand-in (like `upto`): settles the reported amount, refuses more than the maximum. */
const variableScheme: SchemeServer = {
  ...testScheme("vary"),
  prepareSettlement: ({ requirements, settlementAmount }) => {
    const amount = settlementAmount ?? BigInt(requirements.amount);
    if (amount > BigInt(requirements.amount)) throw new X402Error("invalid_settlement_amount", "Too much.");
    return { ...requirements, amount: amount.toString() };
  },
};

type Script = {
  verify: (request: FacilitatorRequest) => Promise<VerifyResponse>;
  settle: (request: FacilitatorRequest) => Promise<SettleResponse>;
};

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function standInFacilitator(script: Partial<Script> = {}) {
  const calls = { verify: [] as FacilitatorRequest[], settle: [] as FacilitatorRequest[] };
  const facilitator: FacilitatorLike & { calls: typeof calls } = {
    calls,
    async verify(request) {
      calls.verify.push(request);
      return script.verify ? script.verify(request) : { isValid: true, payer };
    },
    async settle(request) {
      calls.settle.push(request);
      return script.settle
        ? script.settle(request)
        : { success: true, transaction: `0x${"ab".repeat(32)}`, network, payer };
    },
    supported: async () => ({ kinds: [], extensions: [], signers: {} }),
  };
  return facilitator;
}

const routes = {
  "GET /cheap": { accepts: { scheme: "test", network, price: "$0.001", payTo }, description: "Cheap" },
  "GET /expensive": {
    accepts: { scheme: "test", network, price: "$1", payTo },
    description: "Expensive",
    mimeType: "application/json",
  },
  "POST /metered": { accepts: { scheme: "vary", network, price: "$0.10", payTo } },
};

function setup(script: Partial<Script> = {}, options: { acceptV1?: boolean } = {}) {
  const facilitator = standInFacilitator(script);
  const server = createResourceServer({
    routes,
    schemes: [testScheme(), variableScheme],
    facilitator,
    ...options,
  });
  return { server, facilitator };
}

function request(path: string, headers: Record<string, string> = {}, method = "GET"): HttpRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, url: `https://api.example.com${path}`, header: (name) => lower[name.toLowerCase()] };
}

let nonceCounter = 0;
/** A v2 payment for the given requirements; each call is a distinct payment unless `nonce` is repeated. */
const pay = (accepted: PaymentRequirements, nonce = `n${++nonceCounter}`) => ({
  "PAYMENT-SIGNATURE": encodePaymentSignatureHeader({ x402Version: 2, accepted, payload: { nonce } }),
});

async function offered(server: ReturnType<typeof setup>["server"], routeKey: string) {
  await server.initialize();
  return server.requirementsFor(routeKey)![0]!;
}

function expectRespond(result: ProcessRequestResult): HttpResponse {
  if (result.type !== "respond") throw new Error(`expected a response, got ${result.type}`);
  return result.response;
}

function expectPaid(result: ProcessRequestResult) {
  if (result.type !== "paid") throw new Error(`expected a verified payment, got ${result.type}`);
  return result.payment;
}

const errorOf = (response: HttpResponse) =>
  decodePaymentRequiredHeader(response.headers["PAYMENT-REQUIRED"]!).error;

describe("createResourceServer", () => {
  it("passes requests to routes without a price", async () => {
    const { server } = setup();
    expect(await server.processRequest(request("/free"))).toEqual({ type: "pass" });
    expect(await server.processRequest(request("/cheap", {}, "POST"))).toEqual({ type: "pass" });
  });

  it("answers 402 with a decodable PAYMENT-REQUIRED and a v1 body when no payment is sent", async () => {
    const { server, facilitator } = setup();
    const response = expectRespond(await server.processRequest(request("/expensive?q=1")));
    expect(response.status).toBe(402);
    const required = paymentRequiredSchema.parse(
      decodePaymentRequiredHeader(response.headers["PAYMENT-REQUIRED"]!),
    );
    expect(required.resource).toEqual({
      url: "https://api.example.com/expensive?q=1",
      description: "Expensive",
      mimeType: "application/json",
    });
    expect(required.accepts).toEqual([
      {
        scheme: "test",
        network,
        amount: "1000000",
        asset,
        payTo,
        maxTimeoutSeconds: 60,
        extra: { name: "USDC", version: "2" },
      },
    ]);
    const v1 = paymentRequiredV1Schema.parse(JSON.parse(response.body));
    expect(v1.accepts[0]).toMatchObject({
      network: "base-sepolia",
      maxAmountRequired: "1000000",
      resource: "https://api.example.com/expensive?q=1",
    });
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(facilitator.calls.verify).toHaveLength(0);
  });

  it("answers HEAD like GET on a priced GET route", async () => {
    const { server } = setup();
    expect(expectRespond(await server.processRequest(request("/cheap", {}, "HEAD"))).status).toBe(402);
  });

  it("shows browsers an HTML paywall that still carries PAYMENT-REQUIRED", async () => {
    const { server } = setup();
    const response = expectRespond(
      await server.processRequest(
        request("/cheap", {
          Accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
          "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
        }),
      ),
    );
    expect(response.status).toBe(402);
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.body).toMatch(/^<!doctype html>/);
    expect(decodePaymentRequiredHeader(response.headers["PAYMENT-REQUIRED"]!).accepts).toHaveLength(1);
  });

  it.each([
    ["not base64", "%%%not-base64%%%", "invalid_payment_header"],
    ["not JSON", Buffer.from("hello").toString("base64"), "invalid_payment_header"],
    ["not a payload", Buffer.from(JSON.stringify({ x402Version: 2 })).toString("base64"), "invalid_payload"],
    [
      "a v1 payload",
      Buffer.from(JSON.stringify({ x402Version: 1 })).toString("base64"),
      "invalid_x402_version",
    ],
  ])("answers 400 with the reason for a malformed header (%s)", async (_, value, reason) => {
    const { server, facilitator } = setup();
    const response = expectRespond(
      await server.processRequest(request("/cheap", { "PAYMENT-SIGNATURE": value })),
    );
    expect(response.status).toBe(400);
    expect(errorOf(response)).toBe(reason);
    expect(facilitator.calls.verify).toHaveLength(0);
  });

  it("answers 431 for an oversized header", async () => {
    const { server } = setup();
    const response = expectRespond(
      await server.processRequest(
        request("/cheap", { "PAYMENT-SIGNATURE": "A".repeat(MAX_HEADER_LENGTH + 4) }),
      ),
    );
    expect(response.status).toBe(431);
    expect(errorOf(response)).toBe("payment_header_too_large");
  });

  it("refuses a payment for another route's requirements (cheap payment, expensive route)", async () => {
    const { server, facilitator } = setup();
    const cheap = await offered(server, "GET /cheap");
    const response = expectRespond(await server.processRequest(request("/expensive", pay(cheap))));
    expect(response.status).toBe(402);
    expect(errorOf(response)).toBe("payment_requirements_mismatch");
    expect(facilitator.calls.verify).toHaveLength(0);
  });

  it("answers 402 with the facilitator's reason when verification fails", async () => {
    const { server, facilitator } = setup({
      verify: async () => ({ isValid: false, invalidReason: "insufficient_funds", payer }),
    });
    const response = expectRespond(
      await server.processRequest(request("/cheap", pay(await offered(server, "GET /cheap")))),
    );
    expect(response.status).toBe(402);
    expect(errorOf(response)).toBe("insufficient_funds");
    expect(facilitator.calls.settle).toHaveLength(0);
  });

  it("answers 412 with PAYMENT-REQUIRED when the payer has not approved Permit2 (permit2_allowance_required)", async () => {
    let approved = false;
    const { server, facilitator } = setup({
      verify: async () =>
        approved
          ? { isValid: true, payer }
          : { isValid: false, invalidReason: "permit2_allowance_required", payer },
    });
    const cheap = await offered(server, "GET /cheap");
    const payment = pay(cheap);
    const response = expectRespond(await server.processRequest(request("/cheap", payment)));
    expect(response.status).toBe(412);
    const required = decodePaymentRequiredHeader(response.headers["PAYMENT-REQUIRED"]!);
    expect(required).toMatchObject({ error: "permit2_allowance_required", accepts: [cheap] });
    expect(facilitator.calls.settle).toHaveLength(0);
    // Once the payer has approved Permit2, the same payment goes through.
    approved = true;
    expectPaid(await server.processRequest(request("/cheap", payment)));
  });

  it.each([
    ["facilitator_timeout", 504],
    ["facilitator_unavailable", 502],
  ] as const)("answers %s from verify with %i", async (code, status) => {
    const { server } = setup({
      verify: async () => {
        throw new FacilitatorError(code, "The facilitator failed.", { operation: "verify" });
      },
    });
    const response = expectRespond(
      await server.processRequest(request("/cheap", pay(await offered(server, "GET /cheap")))),
    );
    expect(response.status).toBe(status);
    expect(JSON.parse(response.body)).toMatchObject({ error: code });
  });

  it("answers 504 when settlement times out, without the handler's body", async () => {
    const { server } = setup({
      settle: async () => {
        throw new FacilitatorError("facilitator_timeout", "Timed out.", { operation: "settle" });
      },
    });
    const payment = expectPaid(
      await server.processRequest(request("/cheap", pay(await offered(server, "GET /cheap")))),
    );
    const outcome = await payment.settle({ status: 200 });
    expect(outcome.type === "respond" && outcome.response.status).toBe(504);
  });

  it("verifies, then settles after a successful handler and adds PAYMENT-RESPONSE", async () => {
    const { server, facilitator } = setup();
    const cheap = await offered(server, "GET /cheap");
    const payment = expectPaid(await server.processRequest(request("/cheap", pay(cheap))));
    expect(payment).toMatchObject({ x402Version: 2, requirements: cheap, payer });
    expect(facilitator.calls.verify).toEqual([
      {
        x402Version: 2,
        paymentPayload: expect.objectContaining({ accepted: cheap }),
        paymentRequirements: cheap,
      },
    ]);
    expect(facilitator.calls.settle).toHaveLength(0);
    const outcome = await payment.settle({ status: 200 });
    if (outcome.type !== "deliver") throw new Error("expected deliver");
    expect(decodePaymentResponseHeader(outcome.headers["PAYMENT-RESPONSE"]!)).toMatchObject({
      success: true,
      network,
      payer,
    });
    expect(facilitator.calls.settle).toHaveLength(1);
    await expect(payment.settle({ status: 200 })).rejects.toMatchObject({ code: "invalid_state" });
  });

  it("does not settle when the handler's status is 400 or more, and releases the payment for a retry", async () => {
    const { server, facilitator } = setup();
    const headers = pay(await offered(server, "GET /cheap"), "retry-me");
    for (const status of [500, 404]) {
      const outcome = await expectPaid(await server.processRequest(request("/cheap", headers))).settle({
        status,
      });
      expect(outcome).toEqual({ type: "deliver", headers: {}, settlement: undefined });
    }
    expect(facilitator.calls.verify).toHaveLength(2);
    expect(facilitator.calls.settle).toHaveLength(0);
  });

  it("answers 402 with PAYMENT-RESPONSE {success: false} and an empty body when settlement fails", async () => {
    const { server } = setup({
      settle: async () => ({
        success: false,
        errorReason: "insufficient_funds",
        transaction: "",
        network,
        payer,
      }),
    });
    const payment = expectPaid(
      await server.processRequest(request("/cheap", pay(await offered(server, "GET /cheap")))),
    );
    const outcome = await payment.settle({ status: 200 });
    if (outcome.type !== "respond") throw new Error("expected respond");
    expect(outcome.response.status).toBe(402);
    expect(outcome.response.body).toBe("{}");
    expect(decodePaymentResponseHeader(outcome.response.headers["PAYMENT-RESPONSE"]!)).toMatchObject({
      success: false,
      errorReason: "insufficient_funds",
    });
  });

  it("refuses to deliver on a replayed settlement", async () => {
    const { server } = setup({
      settle: async () =>
        markReplayedSettlement({ success: true, transaction: `0x${"cd".repeat(32)}`, network, payer }),
    });
    const payment = expectPaid(
      await server.processRequest(request("/cheap", pay(await offered(server, "GET /cheap")))),
    );
    const outcome = await payment.settle({ status: 200 });
    if (outcome.type !== "respond") throw new Error("expected respond");
    expect(outcome.response.status).toBe(402);
    expect(JSON.parse(outcome.response.body)).toMatchObject({ error: "duplicate_settlement" });
    expect(decodePaymentResponseHeader(outcome.response.headers["PAYMENT-RESPONSE"]!)).toMatchObject({
      success: false,
      errorReason: "duplicate_settlement",
    });
  });

  it("verifies and settles the same payment sent 5 times at once only once, and refuses the other 4", async () => {
    const { server, facilitator } = setup({
      verify: async () => {
        await delay(20);
        return { isValid: true, payer };
      },
      settle: async () => {
        await delay(20);
        return { success: true, transaction: "0x01", network, payer };
      },
    });
    const headers = pay(await offered(server, "GET /cheap"), "same");
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const result = await server.processRequest(request("/cheap", headers));
        return result.type === "paid" ? result.payment.settle({ status: 200 }) : result;
      }),
    );
    expect(outcomes.filter((o) => o.type === "deliver")).toHaveLength(1);
    const refused = outcomes.flatMap((o) => (o.type === "respond" ? [o.response] : []));
    expect(refused.map((r) => [r.status, errorOf(r)])).toEqual(Array(4).fill([402, "duplicate_settlement"]));
    expect(facilitator.calls.verify).toHaveLength(1);
    expect(facilitator.calls.settle).toHaveLength(1);
    // And later, too.
    expect(errorOf(expectRespond(await server.processRequest(request("/cheap", headers))))).toBe(
      "duplicate_settlement",
    );
  });

  it("accepts v1 payments (X-PAYMENT) and answers with X-PAYMENT-RESPONSE", async () => {
    const { server, facilitator } = setup();
    const cheap = await offered(server, "GET /cheap");
    const xPayment = encodeXPaymentHeader({
      x402Version: 1,
      scheme: "test",
      network: "base-sepolia",
      payload: { nonce: "v1" },
    });
    const payment = expectPaid(await server.processRequest(request("/cheap", { "X-PAYMENT": xPayment })));
    expect(payment.x402Version).toBe(1);
    expect(payment.payload).toMatchObject({ x402Version: 2, accepted: cheap, payload: { nonce: "v1" } });
    expect(facilitator.calls.verify[0]).toMatchObject({
      x402Version: 1,
      paymentRequirements: { network: "base-sepolia", maxAmountRequired: "1000", payTo },
    });
    const outcome = await payment.settle({ status: 200 });
    if (outcome.type !== "deliver") throw new Error("expected deliver");
    expect(outcome.headers["PAYMENT-RESPONSE"]).toBeUndefined();
    expect(decodeXPaymentResponseHeader(outcome.headers["X-PAYMENT-RESPONSE"]!)).toMatchObject({
      success: true,
      network: "base-sepolia",
    });
    expect(facilitator.calls.settle[0]).toMatchObject({ x402Version: 1 });
  });

  it("refuses a v1 payment that names its network in CAIP-2 form (v1 has no requirements for it)", async () => {
    const { server, facilitator } = setup();
    const xPayment = encodeXPaymentHeader({ x402Version: 1, scheme: "test", network, payload: {} });
    const response = expectRespond(await server.processRequest(request("/cheap", { "X-PAYMENT": xPayment })));
    expect([response.status, errorOf(response)]).toEqual([402, "payment_requirements_mismatch"]);
    expect(facilitator.calls.verify).toHaveLength(0);
  });

  it("ignores X-PAYMENT when v1 is off", async () => {
    const { server } = setup({}, { acceptV1: false });
    const xPayment = encodeXPaymentHeader({
      x402Version: 1,
      scheme: "test",
      network: "base-sepolia",
      payload: {},
    });
    const response = expectRespond(await server.processRequest(request("/cheap", { "X-PAYMENT": xPayment })));
    expect(response.status).toBe(402);
    expect(JSON.parse(response.body)).toMatchObject({ x402Version: 2 });
  });

  it("settles the amount set with setSettlementAmount through the scheme's prepareSettlement", async () => {
    const { server, facilitator } = setup();
    const metered = await offered(server, "POST /metered");
    const payment = expectPaid(await server.processRequest(request("/metered", pay(metered), "POST")));
    payment.setSettlementAmount(1234n);
    expect((await payment.settle({ status: 200 })).type).toBe("deliver");
    expect(facilitator.calls.settle[0]).toMatchObject({ paymentRequirements: { amount: "1234" } });
  });

  it("refuses a settlement amount that the scheme refuses, or that a fixed-price scheme cannot settle", async () => {
    const { server, facilitator } = setup();
    const above = expectPaid(
      await server.processRequest(request("/metered", pay(await offered(server, "POST /metered")), "POST")),
    );
    above.setSettlementAmount(10n ** 9n);
    const fixed = expectPaid(
      await server.processRequest(request("/cheap", pay(await offered(server, "GET /cheap")))),
    );
    fixed.setSettlementAmount(1);
    expect(() => fixed.setSettlementAmount(-1)).toThrow(X402Error);
    for (const payment of [above, fixed]) {
      const outcome = await payment.settle({ status: 200 });
      expect(
        outcome.type === "respond" && [outcome.response.status, JSON.parse(outcome.response.body).error],
      ).toEqual([500, "invalid_settlement_amount"]);
    }
    expect(facilitator.calls.settle).toHaveLength(0);
  });

  it("uses several facilitators in turn", async () => {
    const a = standInFacilitator();
    const b = standInFacilitator();
    const server = createResourceServer({
      routes,
      schemes: [testScheme(), variableScheme],
      facilitator: [a, b],
    });
    const cheap = await offered(server as never, "GET /cheap");
    for (let i = 0; i < 4; i++) await server.processRequest(request("/cheap", pay(cheap)));
    expect([a.calls.verify.length, b.calls.verify.length]).toEqual([2, 2]);
  });

  it("settles a payment whose settlement it lost track of again, without verifying it again, when presented again", async () => {
    // The facilitator timed out (or answered pending): the transfer may be on-chain, so verify would now refuse the
    // used authorization. Found by apps/reliability's fault tests (receipts failing after the transaction was mined).
    const answers: (() => Promise<SettleResponse>)[] = [
      async () => {
        throw new FacilitatorError("facilitator_timeout", "Timed out.", { operation: "settle" });
      },
      async () => ({
        success: false,
        errorReason: "settlement_pending",
        transaction: "0x01",
        network,
        payer,
      }),
      async () => ({ success: true, transaction: "0x01", network, payer }),
    ];
    const a = standInFacilitator({ settle: () => answers.shift()!() });
    const b = standInFacilitator();
    const server = createResourceServer({
      routes,
      schemes: [testScheme(), variableScheme],
      facilitator: [a, b],
    });
    const headers = pay(await offered(server as never, "GET /cheap"), "lost-track");
    const statuses: (number | string)[] = [];
    for (let i = 0; i < 3; i++) {
      const outcome = await expectPaid(await server.processRequest(request("/cheap", headers))).settle({
        status: 200,
      });
      statuses.push(outcome.type === "respond" ? outcome.response.status : outcome.type);
    }
    expect(statuses).toEqual([504, 402, "deliver"]);
    // Verified once, settled three times, always by the facilitator that holds the record.
    expect([
      a.calls.verify.length,
      a.calls.settle.length,
      b.calls.verify.length,
      b.calls.settle.length,
    ]).toEqual([1, 3, 0, 0]);
    // With the same delivery token each time, so that x402kit's facilitator answers a lost success first-hand again.
    const tokens = a.calls.settle.map(readDeliveryToken);
    expect(tokens[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(tokens)).toEqual(new Set([tokens[0]]));
    expect(errorOf(expectRespond(await server.processRequest(request("/cheap", headers))))).toBe(
      "duplicate_settlement",
    );
  });

  it("verifies again after a definitive settlement failure", async () => {
    const { server, facilitator } = setup({
      settle: async () => ({
        success: false,
        errorReason: "insufficient_funds",
        transaction: "",
        network,
        payer,
      }),
    });
    const headers = pay(await offered(server, "GET /cheap"), "definitive");
    for (let i = 0; i < 2; i++)
      await expectPaid(await server.processRequest(request("/cheap", headers))).settle({ status: 200 });
    expect([facilitator.calls.verify.length, facilitator.calls.settle.length]).toEqual([2, 2]);
    // A payment presented afresh (not a lost one) settles with a new delivery token.
    const [first, second] = facilitator.calls.settle.map(readDeliveryToken);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).toMatch(/^[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
  });

  it.each([
    [
      "a network that is no CAIP-2 id",
      { routes: { "/x": { accepts: { scheme: "exact", network: "base", price: "$1", payTo } } } },
      /network/,
    ],
    [
      "a route without a price",
      { routes: { "/x": { accepts: { scheme: "exact", network, payTo } } } },
      /price/,
    ],
    ["a route that accepts nothing", { routes: { "/x": { accepts: [] } } }, /accepts no payment/],
    [
      "a negative maxTimeoutSeconds",
      {
        routes: {
          "/x": { accepts: { scheme: "exact", network, price: "$1", payTo, maxTimeoutSeconds: -5 } },
        },
      },
      /maxTimeoutSeconds/,
    ],
    ["no scheme", { schemes: [] }, /at least one scheme/],
    [
      "a scheme without buildRequirements",
      { schemes: [{ scheme: "exact", networks: [network] }] },
      /server side of a scheme/,
    ],
    ["no facilitator", { facilitator: [] }, /at least one facilitator/],
    ["a facilitator without settle", { facilitator: { verify: async () => ({}) } }, /expected a facilitator/],
  ])("refuses %s when it is created, naming the field", (_what, change, message) => {
    const valid = {
      routes: { "/x": { accepts: { scheme: "exact", network, price: "$1", payTo } } },
      schemes: [testScheme()],
      facilitator: standInFacilitator(),
    };
    const create = () => createResourceServer({ ...valid, ...change } as never);
    expect(create).toThrow(expect.objectContaining({ code: "invalid_config" }));
    expect(create).toThrow(message);
  });

  it("fails at initialization for a route whose scheme is not registered", async () => {
    const server = createResourceServer({
      routes: { "/x": { accepts: { scheme: "nope", network, price: "$1", payTo } } },
      schemes: [testScheme()],
      facilitator: standInFacilitator(),
    });
    await expect(server.initialize()).rejects.toMatchObject({ code: "invalid_config" });
  });
});
