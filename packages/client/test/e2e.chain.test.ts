/**
 * End to end: the real exact EVM client pays a real x402kit resource server (core engine behind the web adapter of
 * @x402kit/server, over node:http) whose facilitator (@x402kit/facilitator, over HTTP) settles on a local chain.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createFacilitatorClient,
  createMemoryStore,
  createResourceServer,
  signInWithXAccess,
} from "@x402kit/core";
import {
  evmSignInSigner,
  evmSignInVerifier,
  exactEvmClient,
  exactEvmFacilitator,
  exactEvmServer,
} from "@x402kit/evm";
import { createFacilitator, createFacilitatorServer } from "@x402kit/facilitator";
import { handleWebRequest } from "@x402kit/server";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import { headerNames } from "@x402kit/types";
import axios from "axios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withX402 } from "../src/axios/index.js";
import { createX402Client, getPaymentReceipt, PaymentError, wrapFetch } from "../src/index.js";

const silent = {
  level: "silent",
  child() {
    return silent;
  },
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
};

const logger = silent as unknown as Parameters<typeof createFacilitator>[0]["logger"];

let chain: TestChain;
let apiUrl: string;
const stops: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  chain = await startTestChain();
  stops.push(() => chain.stop());
  const { facilitator: facilitatorAccount, seller } = chain.accounts;

  const facilitator = createFacilitator({
    schemes: [
      exactEvmFacilitator({
        networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer: facilitatorAccount.account } },
      }),
    ],
    logger,
  });
  const facilitatorServer = await createFacilitatorServer({ facilitator, logger }).listen({ port: 0 });
  stops.push(() => facilitatorServer.close());

  const option = (price: string) => ({
    scheme: "exact",
    network: chain.network,
    price,
    payTo: seller.address,
  });
  // GET /article: pay once, come back signed in (sign-in-with-x, entitlements in a memory store).
  const signIn = signInWithXAccess({
    chains: [{ chainId: chain.network, type: "eip191" }],
    verifiers: [evmSignInVerifier({ clients: { [chain.network]: chain.publicClient } })],
    store: createMemoryStore(),
  });
  const engine = createResourceServer({
    routes: {
      "GET /weather": { accepts: option("$0.001"), description: "Current weather" },
      "POST /echo": { accepts: option("$0.002"), description: "Echoes the body" },
      "GET /article": { accepts: option("$0.003"), extensions: signIn.extensions },
    },
    schemes: [exactEvmServer({ assets: { [chain.network]: chain.usdc } })],
    facilitator: createFacilitatorClient({ url: facilitatorServer.url }),
    hooks: signIn.hooks,
  });

  // A minimal node:http to fetch-API bridge around the web adapter.
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers,
      body,
    });
    const response = await handleWebRequest({
      request,
      server: engine,
      handler: async () =>
        request.method === "POST"
          ? new Response(await request.text(), { headers: { "content-type": "application/json" } })
          : Response.json({ city: "Lisbon", celsius: 21 }),
    });
    response.headers.forEach((value, name) => {
      res.setHeader(name, value);
    });
    res.writeHead(response.status);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
}, 120_000);

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
});

const balances = async () => ({
  buyer: await chain.balanceOf(chain.usdc.address, chain.accounts.buyer.address),
  seller: await chain.balanceOf(chain.usdc.address, chain.accounts.seller.address),
});

describe("client end to end (exact EVM, local chain)", () => {
  it("pays v2 with wrapFetch, re-sends a POST body, and the chain agrees", async () => {
    const client = createX402Client({ schemes: [exactEvmClient({ account: chain.accounts.buyer.account })] });
    const paidFetch = wrapFetch(fetch, client);
    const before = await balances();

    const weather = await paidFetch(`${apiUrl}/weather`);
    expect(weather.status).toBe(200);
    expect(await weather.json()).toEqual({ city: "Lisbon", celsius: 21 });
    const receipt = getPaymentReceipt(weather);
    expect(receipt).toMatchObject({ success: true, network: chain.network });
    expect(receipt?.transaction).toMatch(/^0x[0-9a-f]{64}$/);

    const text = JSON.stringify({ text: "x402 lets an agent pay for exactly the request it makes" });
    const echo = await paidFetch(`${apiUrl}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: text,
    });
    expect(echo.status).toBe(200);
    expect(await echo.text()).toBe(text);

    const after = await balances();
    expect(before.buyer - after.buyer).toBe(3_000n);
    expect(after.seller - before.seller).toBe(3_000n);
  });

  it("pays v1 (X-PAYMENT) when the server's 402 carries only the v1 body", async () => {
    // A fetch that hides PAYMENT-REQUIRED, so the client sees what a v1-only server sends.
    const v1Only = async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await fetch(input, init);
      if (response.status !== 402) return response;
      const headers = new Headers(response.headers);
      headers.delete(headerNames.paymentRequired);
      return new Response(response.body, { status: 402, headers });
    };
    const client = createX402Client({ schemes: [exactEvmClient({ account: chain.accounts.buyer.account })] });
    const before = await balances();

    const response = await wrapFetch(v1Only, client)(`${apiUrl}/weather`);

    expect(response.status).toBe(200);
    expect(response.headers.get(headerNames.xPaymentResponse)).toBeTruthy();
    expect(getPaymentReceipt(response)).toMatchObject({ success: true, network: chain.network });
    expect(before.buyer - (await balances()).buyer).toBe(1_000n);
  });

  it("keeps to the budget under concurrency (axios): 5 calls with a budget for 2 move exactly 2 payments", async () => {
    const client = createX402Client({
      schemes: [exactEvmClient({ account: chain.accounts.buyer.account })],
      spending: { maxPerRequest: 1_000n, budget: 2_500n },
    });
    const api = withX402(axios.create({ baseURL: apiUrl }), client);
    const before = await balances();

    const results = await Promise.allSettled(Array.from({ length: 5 }, () => api.get("/weather")));

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(PaymentError);
    expect(client.spending?.spent).toBe(2_000n);
    const after = await balances();
    expect(before.buyer - after.buyer).toBe(2_000n);
    expect(after.seller - before.seller).toBe(2_000n);

    const refused = (await api.post("/echo", {}).catch((e: unknown) => e)) as PaymentError;
    expect(refused.code).toBe("spending_limit_exceeded");
  });
});

describe("sign-in-with-x in wrapFetch (opt-in)", () => {
  const price = 3_000n;
  const article = () => `${apiUrl}/article`;
  const balanceOf = (address: `0x${string}`) => chain.balanceOf(chain.usdc.address, address);

  it("pays once; then signs in and pays nothing; an opt-out client pays again", async () => {
    const { account, address } = chain.accounts.buyers[1]!;
    const payments: bigint[] = [];
    const withSignIn = wrapFetch(
      fetch,
      createX402Client({
        schemes: [exactEvmClient({ account })],
        signIn: [evmSignInSigner({ account })],
        onPayment: (event) => payments.push(event.payment.amount),
      }),
    );
    const start = await balanceOf(address);

    // Never paid: the sign-in is granted nothing (402), so the client pays as usual.
    const first = await withSignIn(article());
    expect(first.status).toBe(200);
    expect(getPaymentReceipt(first)?.success).toBe(true);
    await first.arrayBuffer();
    expect(start - (await balanceOf(address))).toBe(price);

    // Paid once: the sign-in is granted, nothing is paid, no PAYMENT-RESPONSE.
    const again = await withSignIn(article());
    expect(again.status).toBe(200);
    expect(again.headers.get(headerNames.paymentResponse)).toBeNull();
    expect(await again.json()).toEqual({ city: "Lisbon", celsius: 21 });
    expect(start - (await balanceOf(address))).toBe(price);
    expect(payments).toEqual([price]);

    // Without `signIn`, the same wallet pays every time.
    const optOut = wrapFetch(fetch, createX402Client({ schemes: [exactEvmClient({ account })] }));
    const paid = await optOut(article());
    expect(paid.status).toBe(200);
    expect(getPaymentReceipt(paid)?.success).toBe(true);
    await paid.arrayBuffer();
    expect(start - (await balanceOf(address))).toBe(2n * price);
  });

  it("a wallet that refuses to sign in, or a proof the server refuses, falls back to paying", async () => {
    const { account, address } = chain.accounts.buyers[2]!;
    const start = await balanceOf(address);
    // What the server answered, in order, with whether the request carried a proof or a payment.
    let seen: string[] = [];
    const recording = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const response = await fetch(request);
      const sent = request.headers.has(headerNames.signInWithX)
        ? "proof"
        : request.headers.has(headerNames.paymentSignature)
          ? "payment"
          : "plain";
      seen.push(`${sent} ${response.status}`);
      return response;
    };
    const refusing = wrapFetch(
      recording,
      createX402Client({
        schemes: [exactEvmClient({ account })],
        signIn: [
          {
            namespace: "eip155",
            type: "eip191",
            sign: () => Promise.reject(new Error("user rejected the request")),
          },
        ],
      }),
    );
    const paid = await refusing(article());
    expect(paid.status).toBe(200);
    expect(getPaymentReceipt(paid)?.success).toBe(true);
    await paid.arrayBuffer();
    expect(seen).toEqual(["plain 402", "payment 200"]);
    seen = [];

    // A signer that signs for another address than it claims: the server refuses the proof (401), the client pays.
    const signer = evmSignInSigner({ account });
    const forged = wrapFetch(
      recording,
      createX402Client({
        schemes: [exactEvmClient({ account })],
        signIn: [
          {
            ...signer,
            sign: async (challenge) => ({
              ...(await signer.sign(challenge)),
              address: chain.accounts.buyers[1]!.address,
            }),
          },
        ],
      }),
    );
    const second = await forged(article());
    expect(second.status).toBe(200);
    expect(getPaymentReceipt(second)?.success).toBe(true);
    await second.arrayBuffer();
    expect(seen).toEqual(["plain 402", "proof 401", "payment 200"]);
    expect(start - (await balanceOf(address))).toBe(2n * price);
  });
});
