import { createX402Client, getPaymentReceipt, wrapFetch } from "@x402kit/client";
import { createMemoryStore, declareDiscovery, type PaymentContext, signInWithXAccess } from "@x402kit/core";
import { evmSignInVerifier, exactEvmClient, exactEvmServer } from "@x402kit/evm";
import { paymentMiddleware } from "@x402kit/server/hono";
import { Hono } from "hono";
import type { Address, Hash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { DemoError } from "../demo/DemoError.js";
import { defineSection } from "../demo/defineSection.js";
import { formatAmount } from "../demo/formatAmount.js";
import { listenHono } from "../demo/listenHono.js";

declare module "../demo/types.js" {
  interface Stage {
    /** The front-door API: prices that depend on the request, sign-in-with-x, a discoverable search. */
    frontDoor: { url: string; paidFetch: typeof fetch };
  }
}

/** Storage at 1 atomic unit of USDC a byte; search at 1,000 units a row. */
const perByte = 1n;
const perRow = 1_000n;

export default defineSection({
  name: "priced-by-request",
  title: "Prices that depend on the request: storage by size, search by rows (a function of the request)",
  run: async (demo) => {
    const chain = demo.need("chain");
    const { usdc } = demo.need("tokens");
    const facilitator = demo.need("facilitator");
    const seller = chain.accounts.seller.address;
    const atomic = (units: bigint) => ({
      amount: String(units),
      asset: usdc.address,
      extra: { name: usdc.name, version: usdc.version },
    });
    const header = (context: PaymentContext, name: string) =>
      context.transport === "http" ? context.request.header(name) : undefined;
    const signIn = signInWithXAccess({
      chains: [{ chainId: chain.network, type: "eip191" }],
      verifiers: [evmSignInVerifier()],
      store: createMemoryStore(),
      statement: "Sign in to read the article you paid for",
    });
    const app = new Hono();
    app.use(
      paymentMiddleware({
        routes: {
          "POST /store": {
            accepts: {
              scheme: "exact",
              network: chain.network,
              price: (context) => atomic(perByte * BigInt(header(context, "content-length") ?? 0)),
              payTo: seller,
            },
            description: "Store a file: 1 unit a byte",
          },
          "GET /search": {
            accepts: {
              scheme: "exact",
              network: chain.network,
              price: (context) => atomic(perRow * BigInt(new URL(context.url).searchParams.get("rows") ?? 1)),
              payTo: seller,
            },
            description: "Search the archive: $0.001 a row",
            mimeType: "application/json",
            extensions: declareDiscovery({
              input: {
                query: {
                  type: "object",
                  properties: { q: { type: "string" }, rows: { type: "string" } },
                  required: ["q"],
                },
                example: { q: "x402", rows: "2" },
              },
              output: { example: { results: ["…"] } },
            }),
          },
          "GET /article": {
            accepts: { scheme: "exact", network: chain.network, price: "$0.01", payTo: seller },
            description: "An article: pay once, come back signed in",
            extensions: signIn.extensions,
          },
        },
        schemes: [exactEvmServer({ assets: { [chain.network]: usdc } })],
        facilitator: facilitator.client,
        hooks: signIn.hooks,
      }),
    );
    app.post("/store", async (c) => c.json({ stored: (await c.req.arrayBuffer()).byteLength }));
    app.get("/search", (c) => {
      const rows = Number(c.req.query("rows") ?? 1);
      return c.json({ results: Array.from({ length: rows }, (_, i) => `${c.req.query("q")} #${i + 1}`) });
    });
    app.get("/article", (c) => c.json({ title: "HTTP 402, at last", words: 1200 }));
    const api = await listenHono(app);
    demo.onStop(() => api.close());

    const buyer = chain.accounts.buyer;
    const paidFetch = wrapFetch(
      fetch,
      createX402Client({ schemes: [exactEvmClient({ account: privateKeyToAccount(buyer.privateKey) })] }),
    );
    demo.provide("frontDoor", { url: api.url, paidFetch });
    demo.print(`url              ${api.url}`);
    const calls: [string, string, RequestInit | undefined, bigint][] = [
      ["POST /store (300 B)", "/store", { method: "POST", body: "x".repeat(300) }, 300n * perByte],
      ["POST /store (3000 B)", "/store", { method: "POST", body: "x".repeat(3000) }, 3000n * perByte],
      ["GET /search?rows=2", "/search?q=x402&rows=2", undefined, 2n * perRow],
      ["GET /search?rows=5", "/search?q=x402&rows=5", undefined, 5n * perRow],
    ];
    for (const [label, path, init, expected] of calls) {
      const response = await paidFetch(`${api.url}${path}`, init);
      if (!response.ok)
        throw new DemoError(`${label} answered ${response.status}`, { body: await response.text() });
      await response.arrayBuffer();
      const receipt = getPaymentReceipt(response);
      if (receipt?.amount === undefined || BigInt(receipt.amount) !== expected)
        throw new DemoError(`${label} settled ${receipt?.amount ?? "nothing"}, expected ${expected}`);
      demo.recordPayment({
        section: "priced-by-request",
        label,
        method: "exact, EIP-3009",
        network: chain.network,
        asset: usdc.address,
        symbol: usdc.symbol,
        from: buyer.address,
        to: seller as Address,
        amount: expected,
        transaction: receipt.transaction as Hash,
      });
      demo.print(`  ${label.padEnd(22)} ${formatAmount(expected, usdc.decimals, usdc.symbol)}`);
    }
  },
});
