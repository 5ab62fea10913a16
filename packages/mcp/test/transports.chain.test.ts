/**
 * Paid MCP tools on a real chain: x402kit's MCP server and paying client over the SDK's in-memory transport,
 * Streamable HTTP on 127.0.0.1 and stdio (a child process), with x402kit's facilitator over HTTP settling on a
 * Hardhat node. Balances are checked to the unit.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createX402Client, PaymentError } from "@x402kit/client";
import {
  createFacilitatorClient,
  createMemoryStore,
  createSignInWithXHeader,
  type FacilitatorLike,
  type PaymentLogger,
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
import { startTestChain, type TestAccount, type TestChainWithPermit2 } from "@x402kit/testchain";
import { type PaymentRequired, type SignInWithXExtension, signInWithXExtensionKey } from "@x402kit/types";
import { uptoEvmClient, uptoEvmFacilitator } from "@x402kit/upto-evm";
import { pino } from "pino";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createX402McpServer,
  listenStreamableHttp,
  McpPaymentError,
  metaKeys,
  wrapMcpClient,
  type X402McpServer,
} from "../src/index.js";
import { paidToolServer, type ToolRuns } from "./paidToolServer.js";

const logger = pino({ level: "silent" });

let chain: TestChainWithPermit2;
let buyer: TestAccount;
let facilitatorUrl: string;
let facilitator: FacilitatorLike;
const stops: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  chain = await startTestChain({ permit2: true, buyers: 2 });
  stops.push(() => chain.stop());
  buyer = chain.accounts.buyer;
  await chain.permit2.approve(buyer);
  const signer = chain.accounts.facilitator.account;
  const networks = { [chain.network]: { rpcUrl: chain.rpcUrl, signer } };
  const running = await createFacilitatorServer({
    facilitator: createFacilitator({
      schemes: [exactEvmFacilitator({ networks }), uptoEvmFacilitator({ networks, pollingIntervalMs: 50 })],
      logger,
    }),
    logger,
  }).listen({ port: 0 });
  stops.push(() => running.close());
  facilitatorUrl = running.url;
  facilitator = createFacilitatorClient({ url: facilitatorUrl });
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
});

const settings = () => ({
  network: chain.network,
  usdc: chain.usdc,
  permit2Token: chain.permit2Token,
  payTo: chain.accounts.seller.address,
});

async function balances(token = chain.usdc.address) {
  return {
    buyer: await chain.balanceOf(token, buyer.address),
    seller: await chain.balanceOf(token, chain.accounts.seller.address),
  };
}

/** The buyer's x402 client: exact and upto, a budget of $1. */
const buyerX402 = (spending: { budget?: bigint; maxPerRequest?: bigint } = { budget: 1_000_000n }) =>
  createX402Client({
    schemes: [exactEvmClient({ account: buyer.account }), uptoEvmClient({ account: buyer.account })],
    spending,
  });

async function inMemory(tools: Awaited<ReturnType<typeof paidToolServer>>) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await tools.server.connect(serverSide);
  const client = new Client({ name: "test-agent", version: "1.0.0" });
  await client.connect(clientSide);
  stops.push(() => client.close());
  return client;
}

const textOf = (result: CallToolResult) =>
  result.content.map((part) => (part.type === "text" ? part.text : "")).join("");

/** The reason code of an x402 error result, from `structuredContent` and from the `content[0].text` wrapper. */
function errorOf(result: CallToolResult) {
  expect(result.isError).toBe(true);
  const wrapper = JSON.parse(textOf(result))[metaKeys.error];
  expect(wrapper.data).toEqual(result.structuredContent);
  return { code: wrapper.code as number, error: (result.structuredContent as PaymentRequired).error };
}

describe("in memory", () => {
  let client: Client;
  let runs: ToolRuns;
  let weatherRequired: PaymentRequired;

  beforeAll(async () => {
    const tools = await paidToolServer({ ...settings(), facilitator });
    runs = tools.runs;
    client = await inMemory(tools);
  });

  it("answers an unpaid call with the spec's PaymentRequired (isError, structuredContent, x402/error)", async () => {
    const result = (await client.callTool({
      name: "weather",
      arguments: { city: "Lisbon" },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    weatherRequired = result.structuredContent as PaymentRequired;
    expect(weatherRequired).toMatchObject({
      x402Version: 2,
      resource: { url: "mcp://tool/weather", description: "The weather in a city" },
      accepts: [
        {
          scheme: "exact",
          network: chain.network,
          amount: "1000",
          asset: chain.usdc.address,
          payTo: chain.accounts.seller.address,
        },
      ],
    });
    expect(JSON.parse(textOf(result))).toEqual({
      "x402/error": { code: 402, message: "Payment required", data: weatherRequired },
    });
    expect(runs.weather).toBe(0);
  });

  it("leaves free tools free", async () => {
    const paying = wrapMcpClient(client, buyerX402());
    const { result, payment } = await paying.callTool({ name: "echo", arguments: { text: "hi" } });
    expect([textOf(result), payment]).toEqual(["hi", undefined]);
  });

  it("pays once, runs the tool, settles its price to the unit and reports the settlement in _meta", async () => {
    const before = await balances();
    const x402 = buyerX402();
    const requested: string[] = [];
    const paying = wrapMcpClient(client, x402, {
      onPaymentRequested: ({ name, paymentRequired }) => {
        requested.push(`${name}:${paymentRequired.accepts[0]!.amount}`);
        return true;
      },
    });
    const { result, payment } = await paying.callTool({ name: "weather", arguments: { city: "Lisbon" } });
    expect(textOf(result)).toBe("Lisbon: 21°C");
    const settlement = result._meta?.[metaKeys.paymentResponse] as { success: boolean; transaction: string };
    expect(settlement).toMatchObject({ success: true, network: chain.network, payer: buyer.address });
    expect(settlement.transaction).toMatch(/^0x[0-9a-f]{64}$/);
    expect(payment).toMatchObject({ cost: 1000n, authorized: 1000n, outcome: "settled", settlement });
    expect(requested).toEqual(["weather:1000"]);
    const receipt = await chain.publicClient.getTransactionReceipt({
      hash: settlement.transaction as `0x${string}`,
    });
    expect(receipt.status).toBe("success");
    const after = await balances();
    expect([before.buyer - after.buyer, after.seller - before.seller]).toEqual([1000n, 1000n]);
    expect(x402.spending?.spent).toBe(1000n);
    expect(runs.weather).toBe(1);
  });

  it("charges an upto tool what it used, known only after it ran", async () => {
    const token = chain.permit2Token.address;
    const before = await balances(token);
    const { result, payment } = await wrapMcpClient(client, buyerX402()).callTool({
      name: "summarize",
      arguments: { text: "one two three four" },
    });
    expect(textOf(result)).toBe("4 words");
    expect(payment).toMatchObject({ authorized: 10_000n, cost: 28n, outcome: "settled" });
    const after = await balances(token);
    expect([before.buyer - after.buyer, after.seller - before.seller]).toEqual([28n, 28n]);
  });

  it("refuses a replayed payment: no output, no second transfer", async () => {
    const x402 = buyerX402();
    const payment = await x402.createPayment(weatherRequired);
    const call = () =>
      client.callTool({
        name: "weather",
        arguments: { city: "Porto" },
        _meta: { [metaKeys.payment]: payment.paymentPayload },
      }) as Promise<CallToolResult>;
    const before = await balances();
    const ran = runs.weather;
    expect(textOf(await call())).toBe("Porto: 21°C");
    const replay = await call();
    expect(errorOf(replay)).toEqual({ code: 402, error: "duplicate_settlement" });
    expect(replay._meta?.[metaKeys.paymentResponse]).toBeUndefined();
    const after = await balances();
    expect([before.buyer - after.buyer, runs.weather - ran]).toEqual([1000n, 1]);
  });

  it.each([
    ["a string", "garbage", "invalid_payload"],
    ["an object that is no PaymentPayload", { x402Version: 2, accepted: {} }, "invalid_payload"],
    [
      "a v1 payload",
      { x402Version: 1, scheme: "exact", network: "base", payload: {} },
      "invalid_x402_version",
    ],
  ])("refuses a malformed _meta payment (%s) with %s, and runs nothing", async (_what, value, reason) => {
    const ran = runs.weather;
    const result = (await client.callTool({
      name: "weather",
      arguments: { city: "Faro" },
      _meta: { [metaKeys.payment]: value },
    })) as CallToolResult;
    expect(errorOf(result)).toEqual({ code: 402, error: reason });
    expect(runs.weather).toBe(ran);
  });

  it("refuses a payment made for another tool, even at the same price", async () => {
    const x402 = buyerX402();
    const sorry = (await client.callTool({ name: "sorry" })) as CallToolResult;
    const payment = await x402.createPayment(sorry.structuredContent as PaymentRequired);
    const before = await balances();
    for (const name of ["broken", "weather"]) {
      const result = (await client.callTool({
        name,
        arguments: name === "weather" ? { city: "Braga" } : {},
        _meta: { [metaKeys.payment]: payment.paymentPayload },
      })) as CallToolResult;
      expect(errorOf(result)).toEqual({ code: 402, error: "payment_requirements_mismatch" });
    }
    expect(await balances()).toEqual(before);
    expect(runs.broken).toBe(0);
  });

  it.each([
    ["throws", "broken", /payment was not settled: out of order/],
    ["answers isError", "sorry", /no forecast today/],
  ])("settles nothing for a tool that %s, and gives the budget back", async (_what, name, text) => {
    const x402 = buyerX402();
    const before = await balances();
    const { result, payment } = await wrapMcpClient(client, x402).callTool({ name });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(text);
    expect(payment).toMatchObject({ cost: 0n, outcome: "not_settled", settlement: undefined });
    expect(await balances()).toEqual(before);
    expect(x402.spending?.spent).toBe(0n);
  });

  it("never pays twice for one call: a refused payment comes back as the answer", async () => {
    // A payer with no USDC: the facilitator refuses the payment (insufficient_funds) and the server asks again.
    const poor = privateKeyToAccount(generatePrivateKey());
    let payments = 0;
    const x402 = createX402Client({
      schemes: [exactEvmClient({ account: poor })],
      onPayment: () => payments++,
    });
    const { result, payment } = await wrapMcpClient(client, x402).callTool({
      name: "weather",
      arguments: { city: "Evora" },
    });
    expect(errorOf(result)).toEqual({ code: 402, error: "insufficient_funds" });
    expect([payments, payment?.outcome, payment?.cost]).toEqual([1, "not_settled", 0n]);
  });

  it("does not pay when onPaymentRequested declines, or past the budget", async () => {
    const ran = runs.weather;
    const declined = wrapMcpClient(client, buyerX402(), { onPaymentRequested: () => false });
    await expect(declined.callTool({ name: "weather", arguments: { city: "Beja" } })).rejects.toSatisfy(
      (error) => error instanceof McpPaymentError && error.code === "payment_declined",
    );
    const x402 = buyerX402({ budget: 1500n });
    const paying = wrapMcpClient(client, x402);
    await paying.callTool({ name: "weather", arguments: { city: "Beja" } });
    await expect(paying.callTool({ name: "weather", arguments: { city: "Beja" } })).rejects.toSatisfy(
      (error) => error instanceof PaymentError && error.code === "spending_limit_exceeded",
    );
    expect([runs.weather - ran, x402.spending?.spent]).toEqual([1, 1000n]);
  });
});

describe("a facilitator that is down or hung", () => {
  /** A loopback URL where nothing listens. */
  async function closedPort(): Promise<string> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return `http://127.0.0.1:${port}`;
  }

  /** A facilitator that forwards verify to the real one and never answers settle. */
  async function hungAtSettle(): Promise<string> {
    const server: Server = createServer(async (req, res) => {
      if (req.url === "/settle") return; // never answers
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const answer = await fetch(`${facilitatorUrl}${req.url}`, {
        method: req.method,
        headers: { "content-type": "application/json" },
        ...(req.method === "POST" ? { body: Buffer.concat(chunks) } : {}),
      });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    stops.push(() => new Promise((resolve) => server.closeAllConnections() ?? server.close(resolve)));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it.each([
    ["down", closedPort, 502, "facilitator_unavailable", 0],
    ["hung at settle", hungAtSettle, 504, "facilitator_timeout", 1],
  ])(
    "answers a clear error when it is %s: no output, no transfer",
    async (_what, url, code, reason, ranTimes) => {
      const broken = createFacilitatorClient({
        url: await url(),
        timeoutMs: 500,
        settleTimeoutMs: 500,
        retries: 0,
      });
      // Without the upto tool, whose requirements need the facilitator's signer address at registration.
      const tools = await paidToolServer({ ...settings(), permit2Token: undefined, facilitator: broken });
      const client = await inMemory(tools);
      const before = await balances();
      const x402 = buyerX402();
      const { result, payment } = await wrapMcpClient(client, x402).callTool({
        name: "weather",
        arguments: { city: "Sines" },
      });
      expect(errorOf(result)).toEqual({ code, error: reason });
      expect(textOf(result)).not.toMatch(/21°C/);
      expect(tools.runs.weather).toBe(ranTimes);
      expect(await balances()).toEqual(before);
      // A gateway error, as over HTTP: the client cannot tell whether anything settled, so the budget stays spent.
      expect(payment?.outcome).toBe("unknown");
      // The server still serves: a free tool answers.
      expect(
        textOf((await client.callTool({ name: "echo", arguments: { text: "up" } })) as CallToolResult),
      ).toBe("up");
    },
  );
});

describe("Streamable HTTP on 127.0.0.1", () => {
  it("pays for a tool over HTTP, one McpServer per session sharing one engine; balances moved by the price", async () => {
    // One x402 server (one engine) for every session: a payment delivered in one session is refused in another.
    let sessions = 0;
    const x402 = createX402McpServer({
      schemes: [exactEvmServer({ assets: { [chain.network]: chain.usdc } })],
      facilitator,
    });
    const http = await listenStreamableHttp({
      server: async () => {
        sessions++;
        const server = new McpServer({ name: "http-tools", version: "1.0.0" });
        await x402.paidTool(
          server,
          "weather",
          {
            accepts: {
              scheme: "exact",
              network: chain.network,
              price: "$0.001",
              payTo: chain.accounts.seller.address,
            },
          },
          async () => ({ content: [{ type: "text", text: "sunny" }] }),
        );
        return server;
      },
    });
    stops.push(() => http.close());
    expect(http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const connect = async () => {
      const client = new Client({ name: "http-agent", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
      stops.push(() => client.close());
      return client;
    };
    const [first, second] = [await connect(), await connect()];

    const before = await balances();
    const buyerClient = buyerX402();
    const { result, payment } = await wrapMcpClient(first, buyerClient).callTool({ name: "weather" });
    expect(textOf(result)).toBe("sunny");
    expect(payment).toMatchObject({ cost: 1000n, outcome: "settled" });
    const after = await balances();
    expect([before.buyer - after.buyer, after.seller - before.seller]).toEqual([1000n, 1000n]);

    // The same payment replayed in the other session.
    const required = (await second.callTool({ name: "weather" })) as CallToolResult;
    const replayed = await buyerClient.createPayment(required.structuredContent as PaymentRequired);
    const once = (await second.callTool({
      name: "weather",
      _meta: { [metaKeys.payment]: replayed.paymentPayload },
    })) as CallToolResult;
    expect(textOf(once)).toBe("sunny");
    const again = (await first.callTool({
      name: "weather",
      _meta: { [metaKeys.payment]: replayed.paymentPayload },
    })) as CallToolResult;
    expect(errorOf(again)).toEqual({ code: 402, error: "duplicate_settlement" });
    expect(sessions).toBe(2);
  });
});

describe("stdio (a child process)", () => {
  it("pays for a tool of a server that runs as a child process", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ["--import", "tsx", "test/stdioServer.ts"],
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: {
        ...(process.env as Record<string, string>),
        X402_MCP_TEST: JSON.stringify({ ...settings(), facilitatorUrl }),
      },
      stderr: "inherit",
    });
    const client = new Client({ name: "stdio-agent", version: "1.0.0" });
    await client.connect(transport);
    stops.push(() => client.close());
    const before = await balances();
    const { result, payment } = await wrapMcpClient(client, buyerX402()).callTool({
      name: "weather",
      arguments: { city: "Aveiro" },
    });
    expect(textOf(result)).toBe("Aveiro: 21°C");
    expect(payment).toMatchObject({ cost: 1000n, outcome: "settled" });
    const after = await balances();
    expect([before.buyer - after.buyer, after.seller - before.seller]).toEqual([1000n, 1000n]);
    expect(transport.pid).toBeGreaterThan(0);
  });
});

describe("dynamic prices and hooks (in memory)", () => {
  let client: Client;
  const log: string[] = [];
  let rate = 1000n;

  beforeAll(async () => {
    const server = new McpServer({ name: "x402kit-dynamic-tools", version: "1.0.0" });
    const x402 = createX402McpServer({
      schemes: [exactEvmServer({ assets: { [chain.network]: chain.usdc } })],
      facilitator,
      hooks: {
        // An API key in the arguments grants the call without payment; a banned one is denied.
        beforeRequest: ({ context }) => {
          const key = context.transport === "mcp" ? context.tool.arguments?.apiKey : undefined;
          if (key === "member") return { type: "grant" };
          if (key === "banned") return { type: "deny", reason: "banned", message: "Banned." };
          return undefined;
        },
        afterSettle: ({ context, settlement }) => {
          log.push(`${context.resource} settled ${/^0x[0-9a-f]{64}$/.test(settlement.transaction)}`);
        },
      },
    });
    await x402.paidTool(
      server,
      "search",
      {
        description: "Search, priced by the rows asked for",
        inputSchema: { q: z.string(), rows: z.number().int().min(1).max(100), apiKey: z.string().optional() },
        accepts: {
          scheme: "exact",
          network: chain.network,
          // A query-priced API: `rows` times the current rate, in atomic units.
          price: (context) => ({
            amount: String(
              rate * BigInt(context.transport === "mcp" ? Number(context.tool.arguments?.rows) : 1),
            ),
            asset: chain.usdc.address,
            extra: { name: chain.usdc.name, version: chain.usdc.version },
          }),
          payTo: chain.accounts.seller.address,
        },
      },
      async ({ q, rows }, { payment }) => ({
        content: [{ type: "text", text: `${rows} rows for ${q}${payment ? "" : " (granted)"}` }],
      }),
    );
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = new Client({ name: "test-agent", version: "1.0.0" });
    await client.connect(clientSide);
    stops.push(() => client.close());
  });

  it("prices a call by its arguments and settles exactly that; a quote stays valid after the price moves", async () => {
    const before = await balances();
    const { result, payment } = await wrapMcpClient(client, buyerX402()).callTool({
      name: "search",
      arguments: { q: "x402", rows: 3 },
    });
    expect(textOf(result)).toBe("3 rows for x402");
    expect(payment).toMatchObject({ cost: 3000n, outcome: "settled" });
    const mid = await balances();
    expect([before.buyer - mid.buyer, mid.seller - before.seller]).toEqual([3000n, 3000n]);
    expect(log).toEqual(["search settled true"]);

    // Quoted at 1000 a row, paid after the rate doubled: the live quote is honoured.
    const unpaid = (await client.callTool({
      name: "search",
      arguments: { q: "later", rows: 2 },
    })) as CallToolResult;
    const quoted = unpaid.structuredContent as PaymentRequired;
    expect(quoted.accepts[0]!.amount).toBe("2000");
    rate = 2000n;
    const signed = await buyerX402().createPayment(quoted);
    const paid = (await client.callTool({
      name: "search",
      arguments: { q: "later", rows: 2 },
      _meta: { [metaKeys.payment]: signed.paymentPayload },
    })) as CallToolResult;
    expect(textOf(paid)).toBe("2 rows for later");
    const after = await balances();
    expect(mid.buyer - after.buyer).toBe(2000n);
    // The same quote for other arguments is no payment for them, and nothing moves.
    const signedAgain = await buyerX402().createPayment(quoted);
    const other = (await client.callTool({
      name: "search",
      arguments: { q: "later", rows: 9 },
      _meta: { [metaKeys.payment]: signedAgain.paymentPayload },
    })) as CallToolResult;
    expect(errorOf(other)).toEqual({ code: 402, error: "payment_requirements_mismatch" });
    expect((other.structuredContent as PaymentRequired).accepts[0]!.amount).toBe("18000");
    expect(await balances()).toEqual(after);
    rate = 1000n;
  });

  it("a hook grants a call without payment, or denies it; nothing moves", async () => {
    const before = await balances();
    const granted = await wrapMcpClient(client, buyerX402()).callTool({
      name: "search",
      arguments: { q: "free", rows: 5, apiKey: "member" },
    });
    expect([textOf(granted.result), granted.payment]).toEqual(["5 rows for free (granted)", undefined]);
    const denied = (await client.callTool({
      name: "search",
      arguments: { q: "no", rows: 5, apiKey: "banned" },
    })) as CallToolResult;
    expect(denied.isError).toBe(true);
    expect(JSON.parse(textOf(denied))[metaKeys.error]).toMatchObject({ code: 403, message: "Banned." });
    expect(await balances()).toEqual(before);
  });
});

describe("sign-in-with-x over MCP: pay once, come back signed in", () => {
  const price = 2_000n;
  /** An in-memory server's configured origin: MCP tools have no URL of their own to sign in to. */
  const origin = "https://tools.example";
  const runs = { article: 0 };
  const logged: { event: unknown; level: string }[] = [];
  const recording: PaymentLogger = {
    info: (fields) => logged.push({ event: fields.event, level: "info" }),
    warn: (fields) => logged.push({ event: fields.event, level: "warn" }),
    error: (fields) => logged.push({ event: fields.event, level: "error" }),
  };

  /** An MCP server with one paid tool, `article`, that offers sign-in-with-x for `siteOrigin`. */
  async function articleServer(x402: X402McpServer, signIn: ReturnType<typeof signInWithXAccess>) {
    const server = new McpServer({ name: "x402kit-articles", version: "1.0.0" });
    await x402.paidTool(
      server,
      "article",
      {
        description: "An article: pay once, read again signed in",
        accepts: {
          scheme: "exact",
          network: chain.network,
          price: "$0.002",
          payTo: chain.accounts.seller.address,
        },
        extensions: signIn.extensions,
      },
      async (extra) => {
        runs.article++;
        return { content: [{ type: "text", text: `the article${extra.payment ? "" : " (signed in)"}` }] };
      },
    );
    return server;
  }
  const signInFor = (siteOrigin: string) =>
    signInWithXAccess({
      chains: [{ chainId: chain.network, type: "eip191" }],
      verifiers: [evmSignInVerifier()],
      store: createMemoryStore(),
      origin: siteOrigin,
    });
  const x402For = (signIn: ReturnType<typeof signInWithXAccess>) =>
    createX402McpServer({
      schemes: [exactEvmServer({ assets: { [chain.network]: chain.usdc } })],
      facilitator,
      hooks: signIn.hooks,
      logger: recording,
    });
  const reader = () => chain.accounts.buyers[1]!;
  const readerX402 = (account = reader().account) =>
    createX402Client({ schemes: [exactEvmClient({ account })], signIn: [evmSignInSigner({ account })] });
  const readerBalance = () => chain.balanceOf(chain.usdc.address, reader().address);

  let client: Client;
  beforeAll(async () => {
    const signIn = signInFor(origin);
    const server = await articleServer(x402For(signIn), signIn);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = new Client({ name: "reader", version: "1.0.0" });
    await client.connect(clientSide);
    stops.push(() => client.close());
  });

  /** A proof signed by `account` for the tool's current challenge, after `tamper` edits the challenge. */
  async function proofFor(
    account = reader().account,
    tamper: (info: SignInWithXExtension["info"]) => SignInWithXExtension["info"] = (info) => info,
    requestUrl = origin,
  ) {
    const unpaid = (await client.callTool({ name: "article" })) as CallToolResult;
    const offered = (unpaid.structuredContent as PaymentRequired).extensions?.[
      signInWithXExtensionKey
    ] as SignInWithXExtension;
    expect(offered.info).toMatchObject({ domain: "tools.example", resources: ["mcp://tool/article"] });
    const signed = await createSignInWithXHeader({
      extension: { ...offered, info: tamper(offered.info) },
      requestUrl,
      signers: [evmSignInSigner({ account })],
    });
    if (!signed.ok) throw new Error(signed.message);
    return signed.proof;
  }
  const callWithProof = async (proof: unknown) =>
    (await client.callTool({ name: "article", _meta: { [metaKeys.signInWithX]: proof } })) as CallToolResult;

  it("pays the first call, then signs in and pays nothing; the tool's result comes again", async () => {
    const start = await readerBalance();
    const tools = wrapMcpClient(client, readerX402(), { signIn: { origin } });
    const first = await tools.callTool({ name: "article" });
    expect(textOf(first.result)).toBe("the article");
    expect(first.payment).toMatchObject({ cost: price, outcome: "settled" });
    expect(first.signedIn).toBeUndefined();
    expect(start - (await readerBalance())).toBe(price);

    const again = await tools.callTool({ name: "article" });
    expect(textOf(again.result)).toBe("the article (signed in)");
    expect(again.payment).toBeUndefined();
    expect(again.signedIn?.address.toLowerCase()).toBe(reader().address.toLowerCase());
    expect(again.result._meta?.[metaKeys.paymentResponse]).toBeUndefined();
    expect(start - (await readerBalance())).toBe(price);
    expect(runs.article).toBe(2);
    // The seller's logger saw the one settlement, over MCP as over HTTP.
    expect(logged).toEqual([{ event: "x402.settled", level: "info" }]);
  });

  it("refuses bad, replayed, expired, foreign-domain and unpaid proofs: an error result, a reason, no output", async () => {
    const ranBefore = runs.article;
    const start = await readerBalance();
    const good = await proofFor();
    expect(textOf(await callWithProof(good))).toBe("the article (signed in)");
    const cases: [string, unknown, number, string][] = [
      ["replayed", good, 401, "invalid_siwx_nonce_used"],
      ["not a proof", { hello: "world" }, 401, "invalid_siwx_header"],
      [
        "signed by someone else",
        { ...(await proofFor(privateKeyToAccount(generatePrivateKey()))), address: reader().address },
        401,
        "invalid_siwx_signature",
      ],
      [
        "expired",
        await proofFor(undefined, (info) => ({
          ...info,
          issuedAt: new Date(Date.now() - 120_000).toISOString(),
          expirationTime: new Date(Date.now() - 1_000).toISOString(),
        })),
        401,
        "invalid_siwx_expired",
      ],
      [
        "for another domain",
        await proofFor(
          undefined,
          (info) => ({ ...info, domain: "evil.example", uri: "https://evil.example/" }),
          "https://evil.example",
        ),
        401,
        "invalid_siwx_domain_mismatch",
      ],
      // A valid proof of a wallet that never paid: asked to pay, not served.
      ["never paid", await proofFor(privateKeyToAccount(generatePrivateKey())), 402, "payment_required"],
    ];
    for (const [name, proof, code, reason] of cases) {
      const result = await callWithProof(proof);
      expect({ name, ...errorOf(result) }).toEqual({ name, code, error: reason });
      expect(textOf(result)).not.toContain("the article");
      // The refusal offers a fresh challenge, to sign in again or to pay.
      expect(
        (result.structuredContent as PaymentRequired).extensions?.[signInWithXExtensionKey],
      ).toBeDefined();
    }
    expect(runs.article).toBe(ranBefore + 1);
    expect(await readerBalance()).toBe(start);
  });

  it("never signs a challenge for another site than the one it was told: it asks to pay instead", async () => {
    let asked = 0;
    const tools = wrapMcpClient(client, readerX402(), {
      signIn: { origin: "https://other.example" },
      onPaymentRequested: () => {
        asked++;
        return false;
      },
    });
    // The reader is entitled on tools.example, but the client expects other.example: no sign-in, a payment asked.
    await expect(tools.callTool({ name: "article" })).rejects.toMatchObject({ code: "payment_declined" });
    expect(asked).toBe(1);
  });

  it("over Streamable HTTP, with the endpoint's URL as the origin", async () => {
    let x402!: X402McpServer;
    let signIn!: ReturnType<typeof signInWithXAccess>;
    const http = await listenStreamableHttp({ server: () => articleServer(x402, signIn) });
    stops.push(() => http.close());
    signIn = signInFor(http.url);
    x402 = x402For(signIn);
    const remote = new Client({ name: "http-reader", version: "1.0.0" });
    await remote.connect(new StreamableHTTPClientTransport(new URL(http.url)));
    stops.push(() => remote.close());

    const start = await readerBalance();
    const tools = wrapMcpClient(remote, readerX402(), { signIn: { origin: http.url } });
    const first = await tools.callTool({ name: "article" });
    expect(first.payment).toMatchObject({ cost: price, outcome: "settled" });
    const again = await tools.callTool({ name: "article" });
    expect(textOf(again.result)).toBe("the article (signed in)");
    expect(again.signedIn).toBeDefined();
    expect(again.payment).toBeUndefined();
    expect(start - (await readerBalance())).toBe(price);
  });
});
