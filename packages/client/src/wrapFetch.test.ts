import type { SchemeClient } from "@x402kit/core";
import {
  encodePaymentRequiredHeader,
  encodePaymentResponseHeader,
  headerNames,
  type PaymentPayload,
  type PaymentPayloadV1,
} from "@x402kit/types";
import { describe, expect, it } from "vitest";
import {
  type Answer,
  asset,
  network,
  priceMovesOnce,
  requirements,
  standInScheme,
  successReceipt,
  useScriptedServer,
} from "../test/scriptedServer.js";
import { createX402Client, type PaymentEvent } from "./createX402Client.js";
import { PaymentError } from "./errors/PaymentError.js";
import { getPaymentReceipt } from "./getPaymentReceipt.js";
import { wrapFetch } from "./wrapFetch.js";

const start = useScriptedServer();

describe("wrapFetch", () => {
  it("pays a v2 402 once with PAYMENT-SIGNATURE and returns the paid response with its receipt", async () => {
    const extensions = { bazaar: { info: { category: "weather" }, schema: { type: "object" } } };
    const offered = [requirements("5000", { network: "eip155:1" }), requirements("1000")];
    const { url, requests } = await start({ accepts: offered, extensions });
    const scheme = standInScheme({ networks: [network] });
    const events: PaymentEvent[] = [];
    const client = createX402Client({ schemes: [scheme], onPayment: (event) => events.push(event) });

    const response = await wrapFetch(fetch, client)(`${url}/weather?city=lisbon`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ paid: true });
    expect(requests).toHaveLength(2);
    expect(requests[1]!.path).toBe("/weather?city=lisbon");
    const payment = requests[1]!.payment as PaymentPayload;
    expect(payment.x402Version).toBe(2);
    expect(payment.accepted).toEqual(offered[1]);
    expect(payment.resource).toEqual({
      url: `${url}/weather?city=lisbon`,
      description: "A paid thing",
      mimeType: "application/json",
    });
    expect(payment.extensions).toEqual(extensions);
    expect(payment.payload).toEqual({ signature: "0xstandin", to: offered[1]!.payTo, value: "1000" });
    expect(getPaymentReceipt(response)).toEqual(successReceipt());
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: "settled", status: 200, released: 0n });
  });

  it("pays a v1 402 (JSON body) with X-PAYMENT and the v1 network name", async () => {
    const { url, requests } = await start({ version: 1 });
    const client = createX402Client({ schemes: [standInScheme()] });

    const response = await wrapFetch(fetch, client)(`${url}/v1`);

    expect(response.status).toBe(200);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.headers[headerNames.paymentSignature.toLowerCase()]).toBeUndefined();
    expect(requests[1]!.payment as PaymentPayloadV1).toEqual({
      x402Version: 1,
      scheme: "exact",
      network: "hardhat",
      payload: { signature: "0xstandin", to: requirements().payTo, value: "1000" },
    });
    // The v1 receipt names its network "hardhat"; the client reports CAIP-2.
    expect(getPaymentReceipt(response)).toEqual(successReceipt({ network }));
  });

  it("re-sends the same method, headers and body bytes (string, FormData, stream)", async () => {
    const { url, requests } = await start();
    const paidFetch = wrapFetch(fetch, createX402Client({ schemes: [standInScheme()] }));
    const form = new FormData();
    form.append("text", "hello");
    form.append("file", new Blob([new Uint8Array([0, 1, 2, 255])]), "bytes.bin");
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("streamed "));
        controller.enqueue(new TextEncoder().encode("body"));
        controller.close();
      },
    });
    const bodies: RequestInit[] = [
      {
        method: "POST",
        body: JSON.stringify({ text: "summarise me" }),
        headers: { "content-type": "application/json" },
      },
      { method: "PUT", body: form },
      { method: "PATCH", body: stream, duplex: "half" } as RequestInit,
    ];
    for (const init of bodies) {
      const response = await paidFetch(`${url}/upload`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), "x-agent": "test" },
      });
      expect(response.status).toBe(200);
    }
    expect(requests).toHaveLength(6);
    for (let i = 0; i < 6; i += 2) {
      const [first, retry] = [requests[i]!, requests[i + 1]!];
      expect(first.payment).toBeUndefined();
      expect(retry.payment).toBeDefined();
      expect(retry.method).toBe(first.method);
      expect(retry.headers["x-agent"]).toBe("test");
      expect(retry.headers["content-type"]).toBe(first.headers["content-type"]);
      expect(retry.body.length).toBeGreaterThan(0);
      expect(retry.body.equals(first.body)).toBe(true);
    }
    expect(requests.map((r) => r.method)).toEqual(["POST", "POST", "PUT", "PUT", "PATCH", "PATCH"]);
    expect(requests[1]!.body.toString()).toBe('{"text":"summarise me"}');
    expect(requests[5]!.body.toString()).toBe("streamed body");
  });

  it("retries once only: a server that always answers 402 sees exactly two requests", async () => {
    const { url, requests } = await start({ alwaysRequire: true });
    const scheme = standInScheme();
    const client = createX402Client({ schemes: [scheme], spending: { budget: 10_000n } });

    const response = await wrapFetch(fetch, client)(`${url}/stubborn`);

    expect(response.status).toBe(402);
    expect(response.headers.get(headerNames.paymentRequired)).toBeTruthy();
    expect(requests).toHaveLength(2);
    expect(scheme.calls).toHaveLength(1);
    // A 402 without a payment response is a definitive refusal: the reservation comes back.
    expect(client.spending?.spent).toBe(0n);
  });

  it("passes non-402 responses and non-x402 402s through untouched, and never pays a request that already pays", async () => {
    const { url, requests } = await start({ free: ["/free"] });
    const scheme = standInScheme();
    const paidFetch = wrapFetch(fetch, createX402Client({ schemes: [scheme] }));

    const free = await paidFetch(`${url}/free`);
    expect(free.status).toBe(200);
    expect(await free.json()).toEqual({ free: true });

    const teapot = wrapFetch(
      async () => new Response("pay me in tea", { status: 402 }),
      createX402Client({ schemes: [scheme] }),
    );
    const plain = await teapot(`${url}/tea`);
    expect(plain.status).toBe(402);
    expect(await plain.text()).toBe("pay me in tea");

    const header = encodePaymentRequiredHeader({
      x402Version: 2,
      resource: { url },
      accepts: [requirements()],
    });
    const x402 = async () =>
      new Response("{}", { status: 402, headers: { [headerNames.paymentRequired]: header } });
    const alreadyPaying = wrapFetch(x402, createX402Client({ schemes: [scheme] }));
    const own = await alreadyPaying(`${url}/own`, { headers: { [headerNames.xPayment]: "e30=" } });
    expect(own.status).toBe(402);
    expect(requests).toHaveLength(1);
    expect(scheme.calls).toHaveLength(0);
  });

  it("throws a PaymentError with the 402 attached when no registered scheme can pay", async () => {
    const { url, requests } = await start({
      accepts: [
        requirements("1000", { scheme: "upto" }),
        requirements("1000", { network: "solana:mainnet" }),
      ],
    });
    const paidFetch = wrapFetch(
      fetch,
      createX402Client({ schemes: [standInScheme({ networks: [network] })] }),
    );

    const error = await paidFetch(`${url}/nope`).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PaymentError);
    const paymentError = error as PaymentError<Response>;
    expect(paymentError.code).toBe("no_acceptable_requirements");
    expect(paymentError.rejected.map((r) => r.reason)).toEqual(["unsupported", "unsupported"]);
    expect(paymentError.response?.status).toBe(402);
    expect(paymentError.response?.headers.get(headerNames.paymentRequired)).toBeTruthy();
    expect(requests).toHaveLength(1);
  });

  it("keeps to the guard's maximum per request: picks a cheaper option, or refuses", async () => {
    const cheap = await start({ accepts: [requirements("2000"), requirements("500", { payTo: asset })] });
    const client = createX402Client({ schemes: [standInScheme()], spending: { maxPerRequest: 1000n } });
    const paidFetch = wrapFetch(fetch, client);

    expect((await paidFetch(`${cheap.url}/a`)).status).toBe(200);
    expect((cheap.paid()[0]!.payment as PaymentPayload).accepted.amount).toBe("500");
    await cheap.close();

    const dear = await start({ accepts: [requirements("2000")] });
    const error = (await paidFetch(`${dear.url}/b`).catch((e: unknown) => e)) as PaymentError;
    expect(error).toBeInstanceOf(PaymentError);
    expect(error.code).toBe("spending_limit_exceeded");
    expect(error.rejected).toEqual([{ requirements: requirements("2000"), reason: "max_per_request" }]);
    expect(dear.paid()).toHaveLength(0);
    expect(client.spending?.spent).toBe(500n);
  });

  it("never overspends the budget under concurrency: 10 calls with a budget for 3 make exactly 3 payments", async () => {
    const { url, paid } = await start({ accepts: [requirements("1000")] });
    const client = createX402Client({ schemes: [standInScheme()], spending: { budget: 3_500n } });
    const paidFetch = wrapFetch(fetch, client);

    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => paidFetch(`${url}/c${i}`)));

    const ok = results.filter((r) => r.status === "fulfilled" && r.value.status === 200);
    const refused = results.filter(
      (r) => r.status === "rejected" && (r.reason as PaymentError).code === "spending_limit_exceeded",
    );
    expect(ok).toHaveLength(3);
    expect(refused).toHaveLength(7);
    expect(paid()).toHaveLength(3);
    expect(client.spending?.spent).toBe(3_000n);
    expect(client.spending?.remaining).toBe(500n);
  });

  it("releases the reservation when the server definitively did not settle, and keeps it otherwise", async () => {
    const answers = [
      {
        status: 402,
        headers: {
          [headerNames.paymentResponse]: encodePaymentResponseHeader({
            success: false,
            errorReason: "insufficient_funds",
            transaction: "",
            network,
          }),
        },
      },
      { status: 500 },
      { status: 504 },
      {
        status: 402,
        headers: {
          [headerNames.paymentResponse]: encodePaymentResponseHeader({
            success: false,
            errorReason: "duplicate_settlement",
            transaction: "0x01",
            network,
          }),
        },
      },
    ];
    let turn = 0;
    const { url } = await start({ onPaid: () => answers[turn++]! });
    const events: PaymentEvent[] = [];
    const client = createX402Client({
      schemes: [standInScheme()],
      spending: { budget: 10_000n },
      onPayment: (event) => events.push(event),
    });
    const paidFetch = wrapFetch(fetch, client);

    const failed = await paidFetch(`${url}/f`);
    expect(failed.status).toBe(402);
    expect(getPaymentReceipt(failed)).toMatchObject({ success: false, errorReason: "insufficient_funds" });
    expect(client.spending?.spent).toBe(0n);
    expect((await paidFetch(`${url}/f`)).status).toBe(500);
    expect(client.spending?.spent).toBe(0n);
    expect((await paidFetch(`${url}/f`)).status).toBe(504);
    expect(client.spending?.spent).toBe(1000n);
    expect((await paidFetch(`${url}/f`)).status).toBe(402);
    expect(client.spending?.spent).toBe(2000n);
    expect(events.map((e) => [e.outcome, e.released])).toEqual([
      ["not_settled", 1000n],
      ["not_settled", 1000n],
      ["unknown", 0n],
      ["unknown", 0n],
    ]);
  });

  it("keeps the reservation when the paid request gets no answer", async () => {
    let calls = 0;
    const { url } = await start();
    const flaky = async (input: RequestInfo | URL, init?: RequestInit) => {
      if (calls++ === 1) throw new TypeError("fetch failed");
      return fetch(input, init);
    };
    const client = createX402Client({ schemes: [standInScheme()], spending: { budget: 10_000n } });

    await expect(wrapFetch(flaky, client)(`${url}/x`)).rejects.toThrow("fetch failed");
    expect(client.spending?.spent).toBe(1000n);
  });

  it("hands each answer to a stateful scheme, and pays a corrective 402 once more when it resynchronised", async () => {
    let paidCount = 0;
    const { url, requests } = await start({
      onPaid: (): Answer =>
        ++paidCount === 1
          ? {
              status: 402,
              headers: {
                [headerNames.paymentRequired]: encodePaymentRequiredHeader({
                  x402Version: 2,
                  error: "invalid_batch_settlement_evm_cumulative_amount_mismatch",
                  resource: { url },
                  accepts: [
                    requirements("1000", { extra: { channelState: { chargedCumulativeAmount: "7" } } }),
                  ],
                }),
              },
            }
          : {
              status: 200,
              headers: { [headerNames.paymentResponse]: encodePaymentResponseHeader(successReceipt()) },
              body: JSON.stringify({ paid: true }),
            },
    });
    const answers: { status: number | undefined; error: string | undefined; charged: unknown }[] = [];
    const scheme = {
      ...standInScheme(),
      async onPaymentAnswer({ answer }: Parameters<NonNullable<SchemeClient["onPaymentAnswer"]>>[0]) {
        answers.push({
          status: answer?.status,
          error: answer?.paymentRequired?.error,
          charged: (
            answer?.paymentRequired?.accepts[0]?.extra?.channelState as { chargedCumulativeAmount?: string }
          )?.chargedCumulativeAmount,
        });
        return { retry: answer?.status === 402 };
      },
    };
    const response = await wrapFetch(fetch, createX402Client({ schemes: [scheme] }))(`${url}/weather`);

    expect(response.status).toBe(200);
    expect(requests.filter((request) => request.payment !== undefined)).toHaveLength(2);
    expect(answers).toEqual([
      { status: 402, error: "invalid_batch_settlement_evm_cumulative_amount_mismatch", charged: "7" },
      { status: 200, error: undefined, charged: undefined },
    ]);
  });

  it("pays a corrective 402 only once: a second refusal is returned", async () => {
    const { url, requests } = await start({ alwaysRequire: true });
    let answered = 0;
    const scheme = { ...standInScheme(), onPaymentAnswer: async () => ({ retry: ++answered > 0 }) };
    const response = await wrapFetch(fetch, createX402Client({ schemes: [scheme] }))(`${url}/weather`);
    expect(response.status).toBe(402);
    expect(answered).toBe(2);
    expect(requests.filter((request) => request.payment !== undefined)).toHaveLength(2);
  });
  it("pays a route up front once a reusing scheme paid it, and falls back to its 402 when refused", async () => {
    const price = priceMovesOnce();
    const { url, requests } = await start({ onPaid: price.onPaid });
    const scheme = { ...standInScheme(), reusesRequirements: true };
    const answered: (number | undefined)[] = [];
    const client = createX402Client({
      schemes: [{ ...scheme, onPaymentAnswer: async ({ answer }) => void answered.push(answer?.status) }],
    });
    const paidFetch = wrapFetch(fetch, client);
    const sent = () =>
      requests.map((request) =>
        request.payment ? (request.payment as PaymentPayload).accepted.amount : "-",
      );

    expect((await paidFetch(`${url}/weather`)).status).toBe(200);
    expect(sent()).toEqual(["-", "1000"]);
    // Known requirements: one request, paid at once.
    expect((await paidFetch(`${url}/weather`)).status).toBe(200);
    expect(sent()).toEqual(["-", "1000", "1000"]);
    // Another route, or exact (which does not reuse), still asks first.
    expect((await paidFetch(`${url}/other`)).status).toBe(200);
    expect(sent()).toEqual(["-", "1000", "1000", "-", "1000"]);
    // Refused (the price moved): the scheme hears the 402, its requirements are paid, nothing is remembered of it.
    price.refuse();
    expect((await paidFetch(`${url}/weather`)).status).toBe(200);
    expect(sent().slice(5)).toEqual(["1000", "2000"]);
    expect(answered).toEqual([200, 200, 200, 402, 200]);
    expect((await paidFetch(`${url}/weather`)).status).toBe(200);
    expect(sent().slice(7)).toEqual(["-", "1000"]);

    const plain = wrapFetch(fetch, createX402Client({ schemes: [standInScheme()] }));
    await plain(`${url}/weather`);
    await plain(`${url}/weather`);
    expect(sent().slice(9)).toEqual(["-", "1000", "-", "1000"]);
  });
});
