/**
 * pnpm agent: an agent with a hard budget pays for one MCP tool (over Streamable HTTP) and one HTTP API (through
 * wrapFetch), on a local chain, with no model: its "plan" is a fixed script. It is given no URL for the HTTP API: it
 * finds it in the facilitator's bazaar (`GET /discovery/search`), where the API was catalogued when an earlier
 * customer's payment settled. It refuses a call over its budget
 * through the approval callback, prints per call what it bought, from whom, the transaction and the cost, then
 * reconciles every balance with the chain. It starts its chain, facilitator and servers on 127.0.0.1 and stops
 * them, and exits 0 only when everything reconciles.
 */
import { serve } from "@hono/node-server";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  createX402Client,
  getPaymentReceipt,
  PaymentError,
  searchDiscoveryResources,
  wrapFetch,
} from "@x402kit/client";
import { createFacilitatorClient, declareDiscovery } from "@x402kit/core";
import { exactEvmClient, exactEvmFacilitator, exactEvmServer } from "@x402kit/evm";
import { createFacilitator, createFacilitatorServer } from "@x402kit/facilitator";
import { createX402McpServer, listenStreamableHttp, McpPaymentError, wrapMcpClient } from "@x402kit/mcp";
import { paymentMiddleware } from "@x402kit/server/hono";
import { startTestChain } from "@x402kit/testchain";
import { Hono } from "hono";
import { pino } from "pino";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { z } from "zod";

const stops: (() => Promise<unknown>)[] = [];
const stopAll = async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
};
process.on("SIGINT", () => void stopAll().then(() => process.exit(130)));

/** USDC has 6 decimals. */
const usd = (atomic: bigint) => `$${(Number(atomic) / 1e6).toFixed(6)}`;
/** The agent's hard budget: $0.01. */
const budget = 10_000n;

let exitCode = 1;
try {
  // 1. A local chain with MockUSDC, and x402kit's facilitator over HTTP.
  const chain = await startTestChain();
  stops.push(() => chain.stop());
  const { buyer, seller, facilitator: facilitatorAccount } = chain.accounts;
  const logger = pino({ level: "warn" });
  const facilitatorServer = await createFacilitatorServer({
    facilitator: createFacilitator({
      schemes: [
        exactEvmFacilitator({
          networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer: facilitatorAccount.account } },
        }),
      ],
      logger,
    }),
    logger,
  }).listen({ port: 0 });
  stops.push(() => facilitatorServer.close());
  const facilitator = createFacilitatorClient({ url: facilitatorServer.url });
  const schemes = [exactEvmServer({ assets: { [chain.network]: chain.usdc } })];
  console.log(`chain        ${chain.rpcUrl} (${chain.network}), MockUSDC at ${chain.usdc.address}`);
  console.log(`facilitator  ${facilitatorServer.url}`);

  // 2. "Weather Oracle", an MCP server over Streamable HTTP: a paid forecast, a paid (expensive) climate report and
  //    a free ping. It is paid to the seller account.
  const x402 = createX402McpServer({ schemes, facilitator });
  const oracle = await listenStreamableHttp({
    server: async () => {
      const server = new McpServer({ name: "Weather Oracle", version: "1.0.0" });
      server.registerTool("ping", { description: "Free" }, async () => ({
        content: [{ type: "text", text: "pong" }],
      }));
      const accepts = (price: string) => ({
        scheme: "exact",
        network: chain.network,
        price,
        payTo: seller.address,
      });
      await x402.paidTool(
        server,
        "forecast",
        { description: "Tomorrow's weather", inputSchema: { city: z.string() }, accepts: accepts("$0.002") },
        async ({ city }) => ({ content: [{ type: "text", text: `${city}: sunny, 21°C` }] }),
      );
      await x402.paidTool(
        server,
        "climate-report",
        { description: "A 50-year climate report", accepts: accepts("$0.05") },
        async () => ({ content: [{ type: "text", text: "(a long report)" }] }),
      );
      return server;
    },
  });
  stops.push(() => oracle.close());
  console.log(`MCP server   ${oracle.url} (Weather Oracle, paid to ${seller.address})`);

  // 3. "Daily News", a paid HTTP API (hono), paid to its publisher's own fresh address. Its routes declare how to
  //    call them (bazaar), so that the facilitator catalogues them when it settles a payment for them. Its logger
  //    (pino) hears of every settlement and of a failing facilitator.
  const publisher = privateKeyToAccount(generatePrivateKey()).address;
  const app = new Hono();
  const news = (price: string, description: string) => ({
    accepts: { scheme: "exact", network: chain.network, price, payTo: publisher },
    description,
    mimeType: "application/json",
    extensions: declareDiscovery({ output: { example: { items: ["…"] } } }),
  });
  app.use(
    paymentMiddleware({
      routes: {
        "GET /headlines": news("$0.001", "Today's news headlines"),
        "GET /scores": news("$0.001", "Last night's football scores"),
      },
      schemes,
      facilitator,
      logger,
    }),
  );
  app.get("/headlines", (c) => c.json({ headlines: ["Agents pay per call", "HTTP 402 finds its purpose"] }));
  app.get("/scores", (c) => c.json({ scores: ["Lisbon 2 - 1 Porto"] }));
  const api = await new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
  stops.push(() => api.close());
  console.log(`HTTP API     ${api.url} (Daily News, paid to ${publisher})`);
  // An earlier customer bought each route once: the facilitator catalogued both when it settled.
  const customer = wrapFetch(
    fetch,
    createX402Client({ schemes: [exactEvmClient({ account: chain.accounts.buyers[1]!.account })] }),
  );
  for (const path of ["/headlines", "/scores"]) {
    const bought = await customer(`${api.url}${path}`);
    if (!bought.ok) throw new Error(`the earlier customer's GET ${path} answered ${bought.status}`);
    await bought.arrayBuffer();
  }
  console.log(`customer     an earlier customer bought /headlines and /scores once\n`);

  // 4. The agent: one x402 client, one spending guard, for both transports. Its approval callback refuses any
  //    payment that the remaining budget cannot cover.
  const before = {
    buyer: await chain.balanceOf(chain.usdc.address, buyer.address),
    seller: await chain.balanceOf(chain.usdc.address, seller.address),
    publisher: await chain.balanceOf(chain.usdc.address, publisher),
  };
  const wallet = createX402Client({
    schemes: [exactEvmClient({ account: privateKeyToAccount(buyer.privateKey) })],
    spending: { budget },
  });
  const mcp = new Client({ name: "agent", version: "1.0.0" });
  await mcp.connect(new StreamableHTTPClientTransport(new URL(oracle.url)));
  stops.push(() => mcp.close());
  const tools = wrapMcpClient(mcp, wallet, {
    onPaymentRequested: ({ paymentRequired }) =>
      BigInt(paymentRequired.accepts[0]!.amount) <= (wallet.spending?.remaining ?? 0n),
  });
  const fetchPaid = wrapFetch(fetch, wallet);
  const from = `${mcp.getServerVersion()?.name ?? "MCP server"} (${seller.address})`;

  type Row = { step: string; bought: string; from: string; transaction: string; cost: bigint };
  const rows: Row[] = [];
  const callTool = async (step: string, name: string, args?: Record<string, unknown>) => {
    try {
      const { result, payment } = await tools.callTool({ name, ...(args ? { arguments: args } : {}) });
      const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
      rows.push({
        step,
        bought: result.isError ? `${name}: failed (${text.slice(0, 60)})` : `${name}: ${text}`,
        from,
        transaction: payment?.settlement?.transaction || (payment ? "(none)" : "(free)"),
        cost: payment?.cost ?? 0n,
      });
    } catch (error) {
      if (!(error instanceof McpPaymentError || error instanceof PaymentError)) throw error;
      rows.push({ step, bought: `${name}: declined (${error.code})`, from, transaction: "(none)", cost: 0n });
    }
  };

  // The plan: a fixed script instead of a model. The agent knows the facilitator and the MCP server, not the API:
  // it searches the facilitator's bazaar for news headlines it can afford.
  await callTool("1", "forecast", { city: "Lisbon" });
  const { resources } = await searchDiscoveryResources({
    facilitatorUrl: facilitatorServer.url,
    query: "news headlines",
    type: "http",
  });
  const listing = resources.find((resource) =>
    resource.accepts.some(
      (accept) =>
        accept.network === chain.network &&
        BigInt(String(accept.amount)) <= (wallet.spending?.remaining ?? 0n),
    ),
  );
  if (!listing) throw new Error(`the bazaar lists no affordable news API (${resources.length} result(s))`);
  console.log(`discovered   ${listing.resource} (search "news headlines": ${resources.length} result(s))\n`);
  const answer = await fetchPaid(listing.resource);
  const receipt = getPaymentReceipt(answer);
  const headlines = ((await answer.json()) as { headlines: string[] }).headlines;
  rows.push({
    step: "2",
    bought: `GET ${listing.resource}: ${headlines.length} headlines`,
    from: `${listing.description ?? "?"} (${String(listing.accepts[0]?.payTo)})`,
    transaction: receipt?.transaction ?? "(none)",
    cost: receipt?.success ? 1000n : 0n,
  });
  await callTool("3", "climate-report"); // $0.05: over the budget, refused by the approval callback
  await callTool("4", "forecast", { city: "Porto" });
  await callTool("5", "ping");

  console.log(`budget ${usd(budget)}\n`);
  for (const row of rows) {
    console.log(`${row.step}. ${row.bought}`);
    console.log(`   from ${row.from}`);
    console.log(`   tx   ${row.transaction}`);
    console.log(`   cost ${usd(row.cost)}`);
  }

  // 5. Reconcile: what the agent says it spent, what its guard holds, and what the chain moved.
  const spent = rows.reduce((sum, row) => sum + row.cost, 0n);
  const after = {
    buyer: await chain.balanceOf(chain.usdc.address, buyer.address),
    seller: await chain.balanceOf(chain.usdc.address, seller.address),
    publisher: await chain.balanceOf(chain.usdc.address, publisher),
  };
  const moved = {
    buyer: before.buyer - after.buyer,
    seller: after.seller - before.seller,
    publisher: after.publisher - before.publisher,
  };
  console.log(
    `\nspent ${usd(spent)} of ${usd(budget)} (guard: ${usd(wallet.spending?.spent ?? 0n)}); ` +
      `buyer -${usd(moved.buyer)}, Weather Oracle +${usd(moved.seller)}, Daily News +${usd(moved.publisher)}`,
  );
  const ok =
    spent === 5000n &&
    wallet.spending?.spent === spent &&
    moved.buyer === spent &&
    moved.seller === 4000n &&
    moved.publisher === 1000n &&
    rows[2]!.bought.includes("declined (payment_declined)");
  console.log(ok ? "reconciled: every payment matches the chain, to the unit" : "NOT reconciled");
  exitCode = ok ? 0 : 1;
} catch (error) {
  console.error(error);
} finally {
  await stopAll();
}
process.exit(exitCode);
