/**
 * pnpm demo: the whole x402 flow on one machine. A local chain with MockUSDC, a Permit2-only token, Permit2 and the
 * x402 proxies; an x402kit facilitator (exact and upto); a paid API with fixed-price routes, a metered "LLM" route
 * (upto: charged per token, up to a maximum) and a route paid through Permit2 in a token without EIP-3009; and an
 * agent that pays for its requests. Prints what happened, reconciles every balance, then stops everything.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createX402Client, getPaymentReceipt, wrapFetch } from "@x402kit/client";
import { createFacilitatorClient } from "@x402kit/core";
import {
  eip2612GasSponsoringExtension,
  exactEvmClient,
  exactEvmFacilitator,
  exactEvmServer,
} from "@x402kit/evm";
import { createFacilitator, createFacilitatorServer, createSqliteStore } from "@x402kit/facilitator";
import { paymentMiddleware } from "@x402kit/server/hono";
import { startTestChain } from "@x402kit/testchain";
import { uptoEvmClient, uptoEvmFacilitator, uptoEvmServer } from "@x402kit/upto-evm";
import { Hono } from "hono";
import { pino } from "pino";
import { erc20Abi } from "viem";
import { privateKeyToAccount } from "viem/accounts";

const started = performance.now();
const stops: (() => Promise<unknown>)[] = [];
const stopAll = async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
};
process.on("SIGINT", () => void stopAll().then(() => process.exit(130)));

/** Both tokens have 6 decimals. */
const amount = (atomic: bigint, symbol: string) => `${(Number(atomic) / 1e6).toFixed(6)} ${symbol}`;
/** The LLM route: $0.0001 (100 atomic units) per token, at most $0.05. */
const pricePerToken = 100n;
const llmMaximum = { price: "$0.05", atomic: 50_000n };
/** The report route: 0.02 Permit Dollar, in atomic units. */
const reportPrice = 20_000n;

try {
  // 1. The chain: hardhat node on a free loopback port, MockUSDC deployed, the buyer funded. `permit2: true` adds
  //    Permit2, the x402 exact and upto proxies, and MockERC20Permit ("Permit Dollar": EIP-2612, no EIP-3009).
  const chain = await startTestChain({ permit2: true });
  stops.push(() => chain.stop());
  const { buyer, seller, facilitator: facilitatorAccount } = chain.accounts;
  const tokens = [
    { symbol: "USDC", ...chain.usdc },
    { symbol: "PUSD", ...chain.permit2Token },
  ] as const;
  console.log(`chain       ${chain.rpcUrl} (${chain.network})`);
  console.log(
    `            MockUSDC at ${chain.usdc.address}, Permit Dollar at ${chain.permit2Token.address}`,
  );

  // 2. The facilitator, over HTTP like a real deployment, keeping its state in SQLite in a temporary directory.
  //    exact and upto settle from the same account, so they share one nonce manager.
  const dataDir = mkdtempSync(join(tmpdir(), "x402kit-demo-"));
  stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const logger = pino({ level: "warn" });
  const networks = {
    [chain.network]: { rpcUrl: chain.rpcUrl, signer: privateKeyToAccount(facilitatorAccount.privateKey) },
  };
  const exact = exactEvmFacilitator({ networks });
  const facilitator = createFacilitator({
    store: createSqliteStore({ path: join(dataDir, "facilitator.db") }),
    logger,
    schemes: [exact, uptoEvmFacilitator({ networks, nonceManager: exact.nonceManager })],
  });
  const facilitatorServer = await createFacilitatorServer({ facilitator, logger }).listen({ port: 0 });
  stops.push(() => facilitatorServer.close());
  console.log(`facilitator ${facilitatorServer.url}`);

  // 3. The paid API (hono): fixed-price routes in USDC (exact, EIP-3009), a metered LLM route in USDC (upto, through
  //    Permit2), a report in Permit Dollar (exact, through Permit2), and a free route. The two Permit2 routes offer
  //    `eip2612GasSponsoring`, so a buyer who never approved Permit2 pays with a signed EIP-2612 permit instead.
  const usdc = {
    address: chain.usdc.address,
    name: chain.usdc.name,
    version: chain.usdc.version,
    decimals: chain.usdc.decimals,
  };
  const option = (price: string) => ({
    scheme: "exact",
    network: chain.network,
    price,
    payTo: seller.address,
  });
  const routes = {
    "GET /weather": {
      accepts: option("$0.001"),
      description: "Current weather",
      mimeType: "application/json",
    },
    "GET /news": { accepts: option("$0.01"), description: "Today's headlines", mimeType: "application/json" },
    "POST /summarize": {
      accepts: option("$0.05"),
      description: "Summarise a text",
      mimeType: "application/json",
    },
    "POST /llm": {
      // upto: the price is the maximum; the handler reports what the request used.
      accepts: { scheme: "upto", network: chain.network, price: llmMaximum.price, payTo: seller.address },
      description: "A language model, $0.0001 per token, at most $0.05 a request",
      mimeType: "application/json",
      extensions: eip2612GasSponsoringExtension(),
    },
    "GET /report": {
      accepts: {
        scheme: "exact",
        network: chain.network,
        price: {
          amount: String(reportPrice),
          asset: chain.permit2Token.address,
          extra: {
            name: chain.permit2Token.name,
            version: chain.permit2Token.version,
            assetTransferMethod: "permit2",
          },
        },
        payTo: seller.address,
      },
      description: "A market report, paid in Permit Dollar through Permit2",
      mimeType: "application/json",
      extensions: eip2612GasSponsoringExtension(),
    },
  };
  const facilitatorClient = createFacilitatorClient({ url: facilitatorServer.url });
  const app = new Hono();
  app.use(
    paymentMiddleware({
      routes,
      schemes: [
        exactEvmServer({ assets: { [chain.network]: usdc } }),
        uptoEvmServer({ assets: { [chain.network]: usdc }, facilitator: facilitatorClient }),
      ],
      facilitator: facilitatorClient,
    }),
  );
  app.get("/", (c) => c.json({ free: true }));
  app.get("/weather", (c) => c.json({ city: "Lisbon", forecast: "sunny", celsius: 21 }));
  app.get("/news", (c) => c.json({ headlines: ["Agents pay per request", "HTTP 402 finds its purpose"] }));
  app.post("/summarize", async (c) => {
    const { text } = await c.req.json<{ text: string }>();
    return c.json({ summary: `${text.split(/\s+/).slice(0, 6).join(" ")}…` });
  });
  app.post("/llm", async (c) => {
    const { prompt } = await c.req.json<{ prompt: string }>();
    const completion = `You asked: ${prompt.split(/\s+/).slice(0, 4).join(" ")}… The answer is 402.`;
    // A "token" here is a word, of the prompt and of the completion.
    const tokensUsed = BigInt(`${prompt} ${completion}`.split(/\s+/).filter(Boolean).length);
    const charge = tokensUsed * pricePerToken;
    c.get("x402")?.setSettlementAmount(charge); // at most the maximum the client authorised
    return c.json({ tokens: Number(tokensUsed), charged: String(charge), completion });
  });
  app.get("/report", (c) => c.json({ market: "x402", trend: "up", payments: "per request" }));
  const api = await new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
  stops.push(() => api.close());
  console.log(`paid API    ${api.url}\n`);

  // 4. The agent: pays with the buyer's key, within a budget. With a publicClient, the clients read the buyer's
  //    Permit2 allowance and sign an EIP-2612 permit when it is too small and the route offers gas sponsoring.
  const account = privateKeyToAccount(buyer.privateKey);
  const client = createX402Client({
    schemes: [
      exactEvmClient({ account, publicClient: chain.publicClient }),
      uptoEvmClient({ account, publicClient: chain.publicClient }),
    ],
    spending: { maxPerRequest: 100_000n, budget: 1_000_000n },
  });
  const paidFetch = wrapFetch(fetch, client);

  const balances = async () =>
    Promise.all(
      tokens.map(async (token) => ({
        buyer: await chain.balanceOf(token.address, buyer.address),
        seller: await chain.balanceOf(token.address, seller.address),
      })),
    );
  const before = await balances();
  // The buyer never approved Permit2: the Permit2 routes below are paid with signed EIP-2612 permits.
  for (const token of tokens) {
    const allowance = await chain.publicClient.readContract({
      address: token.address,
      abi: erc20Abi,
      functionName: "allowance",
      args: [buyer.address, chain.permit2.address],
    });
    if (allowance !== 0n) throw new Error(`the buyer already approved Permit2 on ${token.symbol}`);
  }
  const post = (body: unknown): RequestInit => ({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  type Call = {
    route: string;
    price: string;
    symbol: "USDC" | "PUSD";
    init?: RequestInit;
    expected?: bigint;
  };
  const calls: Call[] = [
    { route: "GET /weather", price: "$0.001", symbol: "USDC", expected: 1_000n },
    { route: "GET /news", price: "$0.01", symbol: "USDC", expected: 10_000n },
    {
      route: "POST /summarize",
      price: "$0.05",
      symbol: "USDC",
      expected: 50_000n,
      init: post({ text: "x402 lets an agent pay for exactly the request it makes, with no account" }),
    },
    {
      route: "POST /llm",
      price: `upto ${llmMaximum.price}`,
      symbol: "USDC",
      init: post({ prompt: "What status code means payment required?" }),
    },
    {
      route: "POST /llm",
      price: `upto ${llmMaximum.price}`,
      symbol: "USDC",
      init: post({ prompt: "Explain in one sentence how an agent pays per request for an API with x402" }),
    },
    { route: "GET /report", price: "0.02 PUSD", symbol: "PUSD", expected: reportPrice },
    { route: "GET /weather", price: "$0.001", symbol: "USDC", expected: 1_000n },
    { route: "GET /", price: "free", symbol: "USDC" },
  ];
  const settled = { USDC: 0n, PUSD: 0n };
  const rows: string[][] = [];
  for (const call of calls) {
    const path = call.route.split(" ")[1]!;
    const t0 = performance.now();
    const response = await paidFetch(`${api.url}${path}`, call.init);
    const body = await response.text();
    const receipt = getPaymentReceipt(response);
    if (!response.ok) throw new Error(`${call.route} answered ${response.status}: ${body}`);
    const charged = receipt?.amount === undefined ? undefined : BigInt(receipt.amount);
    // exact: the receipt's amount is the price; upto: it is what the handler reported, below the maximum.
    const wanted =
      path === "/llm" ? BigInt((JSON.parse(body) as { charged: string }).charged) : call.expected;
    if (charged !== wanted)
      throw new Error(
        `${call.route} settled ${receipt?.amount ?? "nothing"}, expected ${wanted ?? "nothing"}`,
      );
    if (path === "/llm" && !(charged! > 0n && charged! < llmMaximum.atomic))
      throw new Error(`${call.route} settled ${charged}, not below its maximum ${llmMaximum.atomic}`);
    if (charged !== undefined) settled[call.symbol] += charged;
    const tx = receipt?.transaction;
    rows.push([
      call.route,
      call.price,
      String(response.status),
      charged === undefined ? "-" : amount(charged, call.symbol),
      tx ? `${tx.slice(0, 10)}…${tx.slice(-6)}` : "-",
      `${Math.round(performance.now() - t0)} ms`,
      body.slice(0, 44),
    ]);
  }
  const unpaid = await fetch(`${api.url}/news`);
  rows.push([
    "GET /news (no client)",
    "$0.01",
    String(unpaid.status),
    "-",
    "-",
    "-",
    unpaid.headers.get("payment-required") ? "PAYMENT-REQUIRED header present" : "missing header!",
  ]);
  if (unpaid.status !== 402) throw new Error(`GET /news without payment answered ${unpaid.status}`);

  const after = await balances();
  const header = ["route", "price", "status", "settled", "transaction", "time", "body"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));

  // 5. Reconcile, per token: the buyer lost and the seller gained exactly what the receipts say was settled.
  console.log(`\nbalances     buyer ${buyer.address}, seller ${seller.address}`);
  const show = (who: string, from: bigint, to: bigint, symbol: string) =>
    console.log(
      `  ${symbol.padEnd(4)} ${who.padEnd(6)} ${amount(from, symbol).padStart(21)} -> ${amount(to, symbol).padStart(21)}` +
        `  (${to < from ? "-" : "+"}${amount(to < from ? from - to : to - from, symbol)})`,
    );
  for (const [i, token] of tokens.entries()) {
    const paid = before[i]!.buyer - after[i]!.buyer;
    const received = after[i]!.seller - before[i]!.seller;
    const expected = settled[token.symbol];
    show("buyer", before[i]!.buyer, after[i]!.buyer, token.symbol);
    show("seller", before[i]!.seller, after[i]!.seller, token.symbol);
    if (paid !== expected || received !== expected)
      throw new Error(
        `${token.symbol} does not reconcile: buyer paid ${paid}, seller received ${received}, receipts say ${expected}`,
      );
  }
  console.log(
    `\nreconciled: every delta equals the sum of the receipts' amounts (${amount(settled.USDC, "USDC")}, ` +
      `${amount(settled.PUSD, "PUSD")});\n            the LLM calls settled below their ${amount(llmMaximum.atomic, "USDC")} ` +
      `maximum; Permit2 was paid without a prior approval; done in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await stopAll();
  process.exit(0);
} catch (error) {
  console.error("\ndemo failed:", error);
  await stopAll();
  process.exit(1);
}
