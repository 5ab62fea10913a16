/**
 * pnpm demo: the whole x402 flow on one machine. A local chain with MockUSDC, an x402kit facilitator, a paid API
 * with three priced routes, and an agent that pays for its requests. Prints what happened, then stops everything.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createX402Client, getPaymentReceipt, wrapFetch } from "@x402kit/client";
import { createFacilitatorClient } from "@x402kit/core";
import { exactEvmClient, exactEvmFacilitator, exactEvmServer } from "@x402kit/evm";
import { createFacilitator, createFacilitatorServer, createSqliteStore } from "@x402kit/facilitator";
import { paymentMiddleware } from "@x402kit/server/hono";
import { startTestChain } from "@x402kit/testchain";
import { Hono } from "hono";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";

const started = performance.now();
const stops: (() => Promise<unknown>)[] = [];
const stopAll = async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
};
process.on("SIGINT", () => void stopAll().then(() => process.exit(130)));

const usd = (atomic: bigint) => `${(Number(atomic) / 1e6).toFixed(6)} USDC`;

try {
  // 1. The chain: hardhat node on a free loopback port, MockUSDC deployed, the buyer funded.
  const chain = await startTestChain();
  stops.push(() => chain.stop());
  const { buyer, seller, facilitator: facilitatorAccount } = chain.accounts;
  console.log(`chain       ${chain.rpcUrl} (${chain.network}), MockUSDC at ${chain.usdc.address}`);

  // 2. The facilitator, over HTTP like a real deployment, keeping its state in SQLite in a temporary directory.
  const dataDir = mkdtempSync(join(tmpdir(), "x402kit-demo-"));
  stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const logger = pino({ level: "warn" });
  const facilitator = createFacilitator({
    store: createSqliteStore({ path: join(dataDir, "facilitator.db") }),
    logger,
    schemes: [
      exactEvmFacilitator({
        networks: {
          [chain.network]: {
            rpcUrl: chain.rpcUrl,
            signer: privateKeyToAccount(facilitatorAccount.privateKey),
          },
        },
      }),
    ],
  });
  const facilitatorServer = await createFacilitatorServer({ facilitator, logger }).listen({ port: 0 });
  stops.push(() => facilitatorServer.close());
  console.log(`facilitator ${facilitatorServer.url}`);

  // 3. The paid API (hono), with three priced routes and one free one.
  const asset = {
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
  };
  const app = new Hono();
  app.use(
    paymentMiddleware({
      routes,
      schemes: [exactEvmServer({ assets: { [chain.network]: asset } })],
      facilitator: createFacilitatorClient({ url: facilitatorServer.url }),
    }),
  );
  app.get("/", (c) => c.json({ free: true }));
  app.get("/weather", (c) => c.json({ city: "Lisbon", forecast: "sunny", celsius: 21 }));
  app.get("/news", (c) => c.json({ headlines: ["Agents pay per request", "HTTP 402 finds its purpose"] }));
  app.post("/summarize", async (c) => {
    const { text } = await c.req.json<{ text: string }>();
    return c.json({ summary: `${text.split(/\s+/).slice(0, 6).join(" ")}…` });
  });
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

  // 4. The agent: pays with the buyer's key, within a budget.
  const client = createX402Client({
    schemes: [exactEvmClient({ account: privateKeyToAccount(buyer.privateKey) })],
    spending: { maxPerRequest: 100_000n, budget: 1_000_000n },
  });
  const paidFetch = wrapFetch(fetch, client);

  const before = {
    buyer: await chain.balanceOf(chain.usdc.address, buyer.address),
    seller: await chain.balanceOf(chain.usdc.address, seller.address),
  };
  const calls: { route: string; price: string; init?: RequestInit }[] = [
    { route: "GET /weather", price: "$0.001" },
    { route: "GET /news", price: "$0.01" },
    {
      route: "POST /summarize",
      price: "$0.05",
      init: {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          text: "x402 lets an agent pay for exactly the request it makes, with no account",
        }),
      },
    },
    { route: "GET /weather", price: "$0.001" },
    { route: "GET /", price: "free" },
  ];
  const rows: string[][] = [];
  for (const call of calls) {
    const path = call.route.split(" ")[1]!;
    const t0 = performance.now();
    const response = await paidFetch(`${api.url}${path}`, call.init);
    const body = await response.text();
    const receipt = getPaymentReceipt(response);
    rows.push([
      call.route,
      call.price,
      String(response.status),
      receipt?.transaction ?? "-",
      `${Math.round(performance.now() - t0)} ms`,
      body.slice(0, 48),
    ]);
    if (!response.ok) throw new Error(`${call.route} answered ${response.status}: ${body}`);
  }
  const unpaid = await fetch(`${api.url}/news`);
  rows.push([
    "GET /news (no client)",
    "$0.01",
    String(unpaid.status),
    "-",
    "-",
    unpaid.headers.get("payment-required") ? "PAYMENT-REQUIRED header present" : "missing header!",
  ]);

  const after = {
    buyer: await chain.balanceOf(chain.usdc.address, buyer.address),
    seller: await chain.balanceOf(chain.usdc.address, seller.address),
  };
  const header = ["route", "price", "status", "transaction", "time", "body"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
  const paid = before.buyer - after.buyer;
  console.log(`\nbuyer   ${buyer.address}  ${usd(before.buyer)} -> ${usd(after.buyer)}  (-${usd(paid)})`);
  console.log(
    `seller  ${seller.address}  ${usd(before.seller)} -> ${usd(after.seller)}  (+${usd(after.seller - before.seller)})`,
  );
  const expected = 1_000n + 10_000n + 50_000n + 1_000n;
  if (paid !== expected || after.seller - before.seller !== expected)
    throw new Error(`balances do not reconcile: paid ${paid}, expected ${expected}`);
  console.log(
    `\nreconciled: the buyer paid exactly ${usd(expected)} for 4 paid requests; done in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await stopAll();
  process.exit(0);
} catch (error) {
  console.error("\ndemo failed:", error);
  await stopAll();
  process.exit(1);
}
