/**
 * Vercel's `x402-mcp` 0.0.5 (npm), the published MCP peer: it predates the spec's MCP transport. It speaks x402 v1,
 * carries the payment in `_meta["x402.payment"]` (a dot) as a base64 string, and answers a v1 PaymentRequired in
 * `structuredContent` without the `x402/error` wrapper. These tests run the real peer in both directions and show
 * that the wire formats do not meet, and that neither side pays or delivers by mistake.
 */
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createX402Client } from "@x402kit/client";
import type { FacilitatorLike } from "@x402kit/core";
import { exactEvmClient } from "@x402kit/evm";
import type { PaymentRequired } from "@x402kit/types";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
import { createPaidMcpHandler } from "x402-mcp/server";
import { z } from "zod";
import { McpPaymentError, metaKeys, wrapMcpClient } from "../src/index.js";
import { paidToolServer } from "./paidToolServer.js";

const payTo = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";
const baseSepoliaUsdc = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
const buyer = privateKeyToAccount(generatePrivateKey());
const stops: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
});

describe("x402kit's paying client against x402-mcp's paid tool", () => {
  it("reports the peer's v1 PaymentRequired as unsupported and signs nothing", async () => {
    // The peer's server (mcp-handler's web handler) on node:http; its facilitator is never reached unpaid.
    const handler = createPaidMcpHandler(
      (server) => {
        server.paidTool(
          "weather",
          "The weather",
          { price: 0.001 },
          { city: z.string() } as never,
          {},
          (async ({ city }: { city: string }) => ({
            content: [{ type: "text", text: `${city}: 21°C` }],
          })) as never,
        );
      },
      { serverInfo: { name: "vercel-peer", version: "1.0.0" } },
      {
        recipient: payTo,
        network: "base-sepolia",
        facilitator: { url: "http://127.0.0.1:9/" },
        basePath: "/",
      },
    );
    const http = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === "string") headers.set(name, value);
      const response = await handler(
        new Request(`http://127.0.0.1${req.url}`, {
          method: req.method,
          headers,
          ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        }),
      );
      response.headers.forEach((value, name) => {
        res.setHeader(name, value);
      });
      res.writeHead(response.status);
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    stops.push(() => new Promise((resolve) => http.closeAllConnections() ?? http.close(resolve)));
    const client = new Client({ name: "x402kit-agent", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`),
      ),
    );
    stops.push(() => client.close());

    const unpaid = (await client.callTool({
      name: "weather",
      arguments: { city: "Lisbon" },
    })) as CallToolResult;
    // What the peer answers: v1, in structuredContent and as plain JSON text, no `x402/error` wrapper.
    expect(unpaid).toMatchObject({
      isError: true,
      structuredContent: {
        x402Version: 1,
        error: "_meta.x402.payment is required",
        accepts: [
          {
            scheme: "exact",
            network: "base-sepolia",
            maxAmountRequired: "1000",
            resource: "mcp://tool/weather",
          },
        ],
      },
    });
    expect(JSON.parse((unpaid.content[0] as { text: string }).text)).toEqual(unpaid.structuredContent);

    const x402 = createX402Client({
      schemes: [exactEvmClient({ account: buyer })],
      spending: { budget: 10_000n },
    });
    const paying = wrapMcpClient(client, x402);
    await expect(paying.callTool({ name: "weather", arguments: { city: "Lisbon" } })).rejects.toSatisfy(
      (error) => error instanceof McpPaymentError && error.code === "unsupported_x402_version",
    );
    expect(x402.spending?.spent).toBe(0n);
  });
});

describe("x402-mcp's payment against an x402kit paid tool", () => {
  it("is not found under the spec's key: the tool asks again, runs nothing and reaches no facilitator", async () => {
    // No facilitator can be involved: a payment that is never found is never verified. This one counts calls.
    const calls: string[] = [];
    const facilitator: FacilitatorLike = {
      verify: async () => {
        calls.push("verify");
        return { isValid: false, invalidReason: "invalid_payload" };
      },
      settle: async () => {
        calls.push("settle");
        return { success: false, transaction: "", network: "eip155:84532" };
      },
      supported: async () => ({ kinds: [], extensions: [], signers: {} }),
    };
    const tools = await paidToolServer({
      network: "eip155:84532",
      usdc: { address: baseSepoliaUsdc, name: "USDC", version: "2", decimals: 6 },
      payTo,
      facilitator,
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await tools.server.connect(serverSide);
    const client = new Client({ name: "vercel-agent", version: "1.0.0" });
    await client.connect(clientSide);
    stops.push(() => client.close());

    const unpaid = (await client.callTool({
      name: "weather",
      arguments: { city: "Porto" },
    })) as CallToolResult;
    const offered = (unpaid.structuredContent as PaymentRequired).accepts[0]!;
    // The payment exactly as x402-mcp's client makes it: x402's createPaymentHeader (the peer's own dependency,
    // x402 0.5), v1 requirements, sent as `_meta["x402.payment"]`.
    const fromPeer = createRequire(fileURLToPath(import.meta.resolve("x402-mcp")));
    const { createPaymentHeader } = (await import(pathToFileURL(fromPeer.resolve("x402/client")).href)) as {
      createPaymentHeader: (signer: unknown, version: number, requirements: unknown) => Promise<string>;
    };
    const header = await createPaymentHeader(buyer, 1, {
      scheme: "exact",
      network: "base-sepolia",
      maxAmountRequired: offered.amount,
      resource: "mcp://tool/weather",
      description: "The weather in a city",
      mimeType: "application/json",
      payTo: offered.payTo,
      maxTimeoutSeconds: offered.maxTimeoutSeconds,
      asset: offered.asset,
      extra: offered.extra,
    });
    const result = (await client.callTool({
      name: "weather",
      arguments: { city: "Porto" },
      _meta: { "x402.payment": header },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ x402Version: 2, error: "payment_required" });
    expect(result._meta?.[metaKeys.paymentResponse]).toBeUndefined();
    expect([tools.runs.weather, calls]).toEqual([0, []]);
  });
});
