import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createFacilitatorClient,
  createResourceServer,
  type PaymentLogger,
  type ResourceServer,
} from "@x402kit/core";
import { exactEvmClient, exactEvmFacilitator, exactEvmServer } from "@x402kit/evm";
import { createFacilitator, createFacilitatorServer } from "@x402kit/facilitator";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  encodePaymentSignatureHeader,
} from "@x402kit/types";
import { Hono } from "hono";
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paymentMiddleware } from "../src/hono/paymentMiddleware.js";
import { type StartTestApp, type TestApp, testPaths } from "./adapterSuite.js";
import { startExpressApp } from "./apps/expressApp.js";
import { startFastifyApp } from "./apps/fastifyApp.js";
import { startHonoApp } from "./apps/honoApp.js";
import { startNextApp } from "./apps/nextApp.js";
import { serveFetch } from "./serveFetch.js";

// Issue 18, "sellers can see": the middleware's logger reports each settlement (info), each refused settlement
// (warn) and a facilitator that is down or answers 5xx, at verify and at settle (error). Real parts throughout: a
// hardhat chain, x402kit's facilitator over loopback HTTP, a closed port, and a proxy that answers 5xx.

const PRICE = 10_000n; // $0.01

type Entry = { level: "info" | "warn" | "error"; fields: Record<string, unknown>; message: string };
/** A PaymentLogger that keeps what it is told (what a pino destination would receive). */
const recordingLogger = () => {
  const entries: Entry[] = [];
  const logger: PaymentLogger = {
    info: (fields, message) => entries.push({ level: "info", fields, message }),
    warn: (fields, message) => entries.push({ level: "warn", fields, message }),
    error: (fields, message) => entries.push({ level: "error", fields, message }),
  };
  return { logger, entries };
};

const listen = (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
  new Promise<{ url: string; server: Server }>((resolve) => {
    const server = createServer(handler);
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    );
  });
const closeServer = (server: Server) =>
  new Promise<void>((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });

let chain: TestChain;
let facilitatorUrl: string;
let closedPortUrl: string;
/** Forwards /verify to the real facilitator and answers /settle with a 503. */
let settleFailsUrl: string;
/** Answers everything with a 500 and a non-x402 body. */
let alwaysFailsUrl: string;
const stops: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  chain = await startTestChain();
  stops.push(() => chain.stop());
  const facilitatorServer = await createFacilitatorServer({
    facilitator: createFacilitator({
      schemes: [
        exactEvmFacilitator({
          networks: { [chain.network]: { rpcUrl: chain.rpcUrl, signer: chain.accounts.facilitator.account } },
        }),
      ],
    }),
  }).listen({ port: 0 });
  stops.push(() => facilitatorServer.close());
  facilitatorUrl = facilitatorServer.url;

  const closed = await listen(() => {});
  closedPortUrl = closed.url;
  await closeServer(closed.server);

  const settleFails = await listen(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url === "/verify") {
      const upstream = await fetch(`${facilitatorUrl}/verify`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.concat(chunks),
      });
      res.writeHead(upstream.status, { "content-type": "application/json" }).end(await upstream.text());
      return;
    }
    res.writeHead(503, { "content-type": "text/plain" }).end("upstream unavailable");
  });
  stops.push(() => closeServer(settleFails.server));
  settleFailsUrl = settleFails.url;

  const alwaysFails = await listen((_req, res) => {
    res.writeHead(500, { "content-type": "application/json" }).end('{"error":"internal"}');
  });
  stops.push(() => closeServer(alwaysFails.server));
  alwaysFailsUrl = alwaysFails.url;
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
});

const serverFor = (facilitatorUrlToUse: string, logger: PaymentLogger): ResourceServer =>
  createResourceServer({
    routes: {
      "/paid/*": {
        accepts: {
          scheme: "exact",
          network: chain.network,
          price: "$0.01",
          payTo: chain.accounts.seller.address,
        },
      },
    },
    schemes: [exactEvmServer({ assets: { [chain.network]: chain.usdc } })],
    // One attempt, no retry: the failure is reported as it happened.
    facilitator: createFacilitatorClient({ url: facilitatorUrlToUse, retries: 0 }),
    logger,
  });

/** Asks, signs the 402's first requirement as `account`, and asks again with the payment. */
async function pay(url: string, account: PrivateKeyAccount) {
  const unpaid = await fetch(url);
  expect(unpaid.status).toBe(402);
  await unpaid.arrayBuffer();
  const required = decodePaymentRequiredHeader(unpaid.headers.get("payment-required")!);
  const accepted = required.accepts[0]!;
  const { payload } = await exactEvmClient({ account }).createPaymentPayload({ requirements: accepted });
  return fetch(url, {
    headers: {
      "PAYMENT-SIGNATURE": encodePaymentSignatureHeader({
        x402Version: 2,
        resource: required.resource,
        accepted,
        payload,
      }),
    },
  });
}

const buyer = () => privateKeyToAccount(chain.accounts.buyer.privateKey);

describe("the middleware's logger", () => {
  it("reports a settlement with its transaction and amount (info), and a refused one with its reason (warn)", async () => {
    const { logger, entries } = recordingLogger();
    const server = serverFor(facilitatorUrl, logger);
    // Two payments from an account that holds one price: both verify, the first to settle wins, the second is
    // refused on-chain (insufficient funds). A gate holds both handlers until both requests have been verified.
    const poor = privateKeyToAccount(generatePrivateKey());
    await chain.mint(poor.address, PRICE);
    let arrived = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const app = new Hono();
    app.use(paymentMiddleware(server));
    app.get("/paid/gated", async (c) => {
      if (++arrived === 2) open();
      await gate;
      return c.text("content");
    });
    const served = await serveFetch(app.fetch);
    try {
      const answers = await Promise.all([
        pay(`${served.url}/paid/gated`, poor),
        pay(`${served.url}/paid/gated`, poor),
      ]);
      const statuses = answers.map((answer) => answer.status).sort();
      const bodies = await Promise.all(answers.map((answer) => answer.text()));
      expect(statuses).toEqual([200, 402]);
      expect(bodies.filter((body) => body === "content")).toHaveLength(1);
      const receipt = decodePaymentResponseHeader(
        answers.find((answer) => answer.status === 200)!.headers.get("payment-response")!,
      );
      expect(await chain.balanceOf(chain.usdc.address, poor.address)).toBe(0n);

      const settled = entries.filter((entry) => entry.fields.event === "x402.settled");
      expect(settled).toHaveLength(1);
      expect(settled[0]!.level).toBe("info");
      expect(settled[0]!.fields).toMatchObject({
        transaction: receipt.transaction,
        amount: PRICE.toString(),
        network: chain.network,
        resource: "/paid/*",
      });
      expect(String(settled[0]!.fields.payer).toLowerCase()).toBe(poor.address.toLowerCase());
      const failed = entries.filter((entry) => entry.fields.event === "x402.settlement_failed");
      expect(failed).toHaveLength(1);
      expect(failed[0]!.level).toBe("warn");
      expect(failed[0]!.fields.reason).toMatch(/insufficient_funds|invalid_transaction_state/);
      expect(entries.filter((entry) => entry.level === "error")).toEqual([]);
    } finally {
      await served.close();
    }
  });

  const adapters: [string, StartTestApp][] = [
    ["express", startExpressApp],
    ["hono", startHonoApp],
    ["fastify", startFastifyApp],
    ["next", startNextApp],
  ];
  it.each(adapters)(
    "%s: a facilitator on a closed port is reported at verify (error), nothing moves",
    async (_name, start) => {
      const { logger, entries } = recordingLogger();
      const app: TestApp = await start(serverFor(closedPortUrl, logger));
      try {
        const before = await chain.balanceOf(chain.usdc.address, chain.accounts.buyer.address);
        const answer = await pay(`${app.url}${testPaths.ok}`, buyer());
        expect(answer.status).toBe(502);
        expect(await answer.text()).not.toContain("paid");
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({
          level: "error",
          fields: {
            event: "x402.facilitator_failed",
            operation: "verify",
            reason: "facilitator_unavailable",
          },
        });
        expect(entries[0]!.message).toMatch(/verify/);
        expect(await chain.balanceOf(chain.usdc.address, chain.accounts.buyer.address)).toBe(before);
      } finally {
        await app.close();
      }
    },
  );

  it("a facilitator that answers 500 at verify is reported with its status", async () => {
    const { logger, entries } = recordingLogger();
    const app = await startHonoApp(serverFor(alwaysFailsUrl, logger));
    try {
      const answer = await pay(`${app.url}${testPaths.ok}`, buyer());
      expect(answer.status).toBe(502);
      expect(entries).toEqual([
        expect.objectContaining({
          level: "error",
          fields: expect.objectContaining({
            event: "x402.facilitator_failed",
            operation: "verify",
            reason: "facilitator_bad_response",
            facilitatorStatus: 500,
          }),
        }),
      ]);
    } finally {
      await app.close();
    }
  });

  it("a facilitator that answers 503 at settle is reported once, at settle, and no content goes out", async () => {
    const { logger, entries } = recordingLogger();
    const app = await startHonoApp(serverFor(settleFailsUrl, logger));
    try {
      const before = await chain.balanceOf(chain.usdc.address, chain.accounts.buyer.address);
      const answer = await pay(`${app.url}${testPaths.ok}`, buyer());
      expect(answer.status).toBeGreaterThanOrEqual(500);
      expect(await answer.text()).not.toContain('"paid"');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        level: "error",
        fields: {
          event: "x402.facilitator_failed",
          operation: "settle",
          reason: "facilitator_bad_response",
          facilitatorStatus: 503,
          amount: PRICE.toString(),
        },
      });
      expect(String(entries[0]!.fields.payer).toLowerCase()).toBe(chain.accounts.buyer.address.toLowerCase());
      expect(await chain.balanceOf(chain.usdc.address, chain.accounts.buyer.address)).toBe(before);
    } finally {
      await app.close();
    }
  });

  it("takes console and a pino logger as they are", () => {
    // Type-level and config-level: both pass the engine's logger check.
    const { logger } = recordingLogger();
    expect(() => serverFor(facilitatorUrl, console)).not.toThrow();
    expect(() => serverFor(facilitatorUrl, logger)).not.toThrow();
    expect(() => serverFor(facilitatorUrl, { info() {} } as unknown as PaymentLogger)).toThrow(/logger/);
  });
});
