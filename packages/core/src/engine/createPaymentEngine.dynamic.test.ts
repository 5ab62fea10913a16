import type { PaymentRequirements, SettleResponse } from "@x402kit/types";
import { describe, expect, it } from "vitest";
import type { FacilitatorLike } from "../facilitator/types.js";
import { createPaymentEngine } from "./createPaymentEngine.js";
import type { EngineOutcome, HttpRequest, PaymentContext, PaymentHooks, ResourceConfig } from "./types.js";

// Dynamic prices, dynamic payTo and hooks in the engine, without a transport and with an in-process scheme and
// facilitator (the HTTP and MCP chain tests, packages/server/test/dynamic.chain.test.ts and
// packages/mcp/test/dynamic.chain.test.ts, run them with real parts).

const network = "eip155:84532";
const asset = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
const payTo = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";
const seller = "0x1111111111111111111111111111111111111111";

function setup(
  resources: Record<string, ResourceConfig>,
  options: { hooks?: PaymentHooks; settle?: () => Promise<SettleResponse> } = {},
) {
  const calls = { verify: 0, settle: 0 };
  const facilitator: FacilitatorLike = {
    verify: async () => {
      calls.verify++;
      return { isValid: true, payer: payTo };
    },
    settle: async () => {
      calls.settle++;
      return options.settle ? options.settle() : { success: true, transaction: "0x01", network };
    },
    supported: async () => ({ kinds: [], extensions: [], signers: {} }),
  };
  const engine = createPaymentEngine({
    resources,
    schemes: [
      {
        scheme: "flat",
        networks: [network],
        buildRequirements: ({ price, payTo }) => ({
          scheme: "flat",
          network,
          amount: price.kind === "atomic" ? price.amount : "0",
          asset,
          payTo,
          maxTimeoutSeconds: 60,
        }),
      },
    ],
    facilitator,
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  return { engine, calls };
}

function http(resource: string, url: string, headers: Record<string, string> = {}): PaymentContext {
  const request: HttpRequest = {
    method: "POST",
    url,
    header: (name) => headers[name.toLowerCase()],
  };
  return { transport: "http", resource, url, request };
}

const tool = (name: string, args: Record<string, unknown>): PaymentContext => ({
  transport: "mcp",
  resource: name,
  url: `mcp://tool/${name}`,
  tool: { name, arguments: args },
});

let nonce = 0;
const pay = (accepted: PaymentRequirements) => ({
  x402Version: 2 as const,
  payload: { x402Version: 2 as const, accepted, payload: { id: `p${++nonce}` } },
});

function offer(outcome: EngineOutcome): PaymentRequirements {
  if (outcome.type !== "payment-required") throw new Error(`expected payment-required, got ${outcome.type}`);
  return outcome.paymentRequired.accepts[0]!;
}

function paid(outcome: EngineOutcome) {
  if (outcome.type !== "paid") throw new Error(`expected paid, got ${JSON.stringify(outcome)}`);
  return outcome.payment;
}

/** Storage priced by the body's size: 1 atomic unit per byte (read from Content-Length). */
const upload: ResourceConfig = {
  accepts: {
    scheme: "flat",
    network,
    price: (context) => {
      const size = context.transport === "http" ? Number(context.request.header("content-length") ?? 0) : 0;
      return { amount: String(size), asset };
    },
    payTo,
  },
};

describe("dynamic prices", () => {
  it("quotes each request from its own inputs, and pays what the request was quoted", async () => {
    const { engine, calls } = setup({ "POST /upload": upload });
    const small = http("POST /upload", "/upload", { "content-length": "100" });
    const large = http("POST /upload", "/upload", { "content-length": "5000" });
    const smallOffer = offer(await engine.process(small, undefined));
    expect(smallOffer.amount).toBe("100");
    expect(offer(await engine.process(large, undefined)).amount).toBe("5000");
    // A payment for the small quote on the large request is no payment for it.
    expect(await engine.process(large, pay(smallOffer))).toMatchObject({
      type: "payment-required",
      reason: "payment_requirements_mismatch",
      paymentRequired: { accepts: [{ amount: "5000" }] },
    });
    expect(calls.verify).toBe(0);
    const payment = paid(await engine.process(small, pay(smallOffer)));
    expect(payment.requirements.amount).toBe("100");
    expect(await payment.settle({ failed: false })).toMatchObject({ type: "deliver" });
    // Static resources report their fixed requirements; a dynamic option has none to report.
    expect(engine.requirementsFor("POST /upload")).toEqual([]);
  });

  it("honours a payment made against a live quote after the price moved, for the same request only", async () => {
    let rate = 10;
    const { engine } = setup({
      search: {
        accepts: {
          scheme: "flat",
          network,
          price: (context) => ({
            amount: String(
              rate * ((context.transport === "mcp" && Number(context.tool.arguments?.rows)) || 1),
            ),
            asset,
          }),
          payTo,
        },
      },
    });
    const ten = tool("search", { q: "x", rows: 10 });
    const quoted = offer(await engine.process(ten, undefined));
    expect(quoted.amount).toBe("100");
    rate = 20; // the price moves between the 402 and the payment
    const payment = paid(await engine.process(ten, pay(quoted)));
    expect(payment.requirements.amount).toBe("100");
    await payment.settle({ failed: false });
    // Other arguments: the quote was not theirs.
    expect(await engine.process(tool("search", { q: "y", rows: 10 }), pay(quoted))).toMatchObject({
      reason: "payment_requirements_mismatch",
      paymentRequired: { accepts: [{ amount: "200" }] },
    });
  });

  it("a quote expires with its requirements' maxTimeoutSeconds", async () => {
    let rate = 1;
    const { engine } = setup({
      meter: { accepts: { scheme: "flat", network, price: () => ({ amount: String(rate), asset }), payTo } },
    });
    const context = tool("meter", {});
    const now = Date.now();
    const quoted = offer(await engine.process(context, undefined));
    rate = 2;
    const realNow = Date.now;
    Date.now = () => now + 61_000;
    try {
      expect(await engine.process(context, pay(quoted))).toMatchObject({
        reason: "payment_requirements_mismatch",
      });
    } finally {
      Date.now = realNow;
    }
  });

  it("payTo and extensions may be functions of the request; a throwing price refuses with 500", async () => {
    const { engine } = setup({
      "POST /buy/:seller": {
        accepts: {
          scheme: "flat",
          network,
          price: "$1",
          payTo: (context) => (context.url.endsWith("/alice") ? seller : payTo),
        },
        extensions: (context) => ({ note: { for: context.url } }),
      },
      broken: {
        accepts: {
          scheme: "flat",
          network,
          price: () => {
            throw new Error("no quote");
          },
          payTo,
        },
      },
      bad: { accepts: { scheme: "flat", network, price: () => "$-1", payTo } },
    });
    const outcome = await engine.process(http("POST /buy/:seller", "/buy/alice"), undefined);
    expect(outcome).toMatchObject({
      paymentRequired: { accepts: [{ payTo: seller }], extensions: { note: { for: "/buy/alice" } } },
    });
    expect(await engine.process(tool("broken", {}), undefined)).toMatchObject({
      type: "refused",
      status: 500,
      reason: "invalid_price",
      message: expect.stringMatching(/no quote/),
    });
    expect(await engine.process(tool("bad", {}), undefined)).toMatchObject({
      type: "refused",
      status: 500,
      reason: "invalid_price",
    });
  });

  it("checks the configuration: a price that is neither a price nor a function is refused at creation", () => {
    expect(() => setup({ x: { accepts: { scheme: "flat", network, price: true as never, payTo } } })).toThrow(
      /function of the request/,
    );
  });
});

describe("hooks", () => {
  const fixed: ResourceConfig = {
    accepts: { scheme: "flat", network, price: { amount: "10", asset }, payTo },
  };

  it("beforeRequest grants without payment, denies with a status, or goes on; a throw refuses (500)", async () => {
    const seen: Array<string | undefined> = [];
    const { engine, calls } = setup(
      { doc: fixed },
      {
        hooks: {
          beforeRequest: ({ context }) => {
            const who = context.transport === "mcp" ? (context.tool.arguments?.who as string) : undefined;
            seen.push(who);
            if (who === "member") return { type: "grant" };
            if (who === "banned") return { type: "deny", status: 451, reason: "unavailable" };
            if (who === "crash") throw new Error("boom");
            return undefined;
          },
        },
      },
    );
    expect(await engine.process(tool("doc", { who: "member" }), undefined)).toEqual({ type: "granted" });
    expect(await engine.process(tool("doc", { who: "banned" }), undefined)).toMatchObject({
      type: "refused",
      status: 451,
      reason: "unavailable",
    });
    expect(await engine.process(tool("doc", { who: "crash" }), undefined)).toMatchObject({
      type: "refused",
      status: 500,
      reason: "hook_error",
    });
    const quoted = offer(await engine.process(tool("doc", { who: "guest" }), undefined));
    // A granted request with a payment: the payment is neither verified nor settled.
    expect(await engine.process(tool("doc", { who: "member" }), pay(quoted))).toEqual({ type: "granted" });
    expect(calls).toEqual({ verify: 0, settle: 0 });
    expect(seen).toEqual(["member", "banned", "crash", "guest", "member"]);
  });

  it("afterVerify may deny (released unsettled, usable again); afterSettle sees the settlement", async () => {
    const log: string[] = [];
    let deny = true;
    const { engine, calls } = setup(
      { doc: fixed },
      {
        hooks: {
          afterVerify: ({ payment }) => {
            log.push(`verified ${payment.payer}`);
            return deny ? { type: "deny", reason: "payer_blocked", message: "Not you." } : undefined;
          },
          afterSettle: ({ settlement }) => {
            log.push(`settled ${settlement.transaction}`);
            throw new Error("ignored");
          },
        },
      },
    );
    const context = tool("doc", {});
    const payment = pay(offer(await engine.process(context, undefined)));
    expect(await engine.process(context, payment)).toMatchObject({
      type: "refused",
      status: 403,
      reason: "payer_blocked",
    });
    expect(calls.settle).toBe(0);
    deny = false;
    const verified = paid(await engine.process(context, payment));
    expect(await verified.settle({ failed: false })).toMatchObject({
      type: "deliver",
      settlement: { transaction: "0x01" },
    });
    expect(log).toEqual([`verified ${payTo}`, `verified ${payTo}`, "settled 0x01"]);
  });

  it("onSettlementFailure sees a refused settlement and cannot turn it into a delivery", async () => {
    const failures: string[] = [];
    const { engine } = setup(
      { doc: fixed },
      {
        settle: async () => ({
          success: false,
          errorReason: "insufficient_funds",
          transaction: "",
          network,
        }),
        hooks: {
          afterSettle: () => {
            failures.push("afterSettle must not run");
          },
          // A hook that tries to claim success: its return value is ignored.
          onSettlementFailure: (({ reason }: { reason: string }) => {
            failures.push(reason);
            return { type: "deliver" };
          }) as never,
        },
      },
    );
    const context = tool("doc", {});
    const verified = paid(
      await engine.process(context, pay(offer(await engine.process(context, undefined)))),
    );
    expect(await verified.settle({ failed: false })).toMatchObject({
      type: "refused",
      reason: "insufficient_funds",
      status: 402,
    });
    expect(failures).toEqual(["insufficient_funds"]);
  });
});
