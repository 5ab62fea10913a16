import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { exactEvmClient } from "@x402kit/evm";
import { createFacilitatorServer } from "@x402kit/facilitator";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  encodePaymentSignatureHeader,
} from "@x402kit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chainFacilitator } from "./chainFacilitator.js";

// The Next.js adapter in a real Next.js app (App Router, `next` from npm, `next dev` on loopback): test/next-app's
// route handler is wrapped by `withX402`, and pays on a Hardhat chain through x402kit's facilitator over HTTP.
// Next resolves the packages' built `dist` (not the source condition): this package's turbo.json builds them first.
const appDirectory = fileURLToPath(new URL("./next-app", import.meta.url));
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });

describe("withX402 in a real Next.js app", () => {
  let chain: TestChain;
  let next: ChildProcess;
  let url: string;
  let startedMs: number;
  /** What `next dev` printed: shown when an answer is not the one expected (a compile error is a 500). */
  let output = "";
  const stops: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    chain = await startTestChain();
    stops.push(() => chain.stop());
    const facilitator = chainFacilitator(chain);
    const served = await createFacilitatorServer({ facilitator }).listen({ port: 0, host: "127.0.0.1" });
    stops.push(() => served.close());
    const port = await freePort();
    const started = performance.now();
    next = spawn(
      process.execPath,
      [
        createRequire(import.meta.url).resolve("next/dist/bin/next"),
        "dev",
        "-H",
        "127.0.0.1",
        "-p",
        `${port}`,
      ],
      {
        cwd: appDirectory,
        env: {
          PATH: process.env.PATH ?? "",
          NEXT_TELEMETRY_DISABLED: "1",
          X402_NETWORK: chain.network,
          X402_PAY_TO: chain.accounts.seller.address,
          X402_ASSET: chain.usdc.address,
          X402_ASSET_NAME: chain.usdc.name,
          X402_ASSET_VERSION: chain.usdc.version,
          X402_FACILITATOR_URL: served.url,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    next.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    next.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    stops.push(async () => {
      next.kill("SIGTERM");
      rmSync(`${appDirectory}/.next`, { recursive: true, force: true });
    });
    url = `http://127.0.0.1:${port}/api/paid`;
    // Ready once it prints so; the route compiles at its first request.
    const deadline = Date.now() + 90_000;
    while (!/Ready in/.test(output)) {
      if (next.exitCode !== null || Date.now() > deadline)
        throw new Error(`next dev did not start:\n${output}`);
      await new Promise((resolve) => next.stdout?.once("data", resolve));
    }
    startedMs = performance.now() - started;
  }, 120_000);
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  });

  it("answers 402 without payment, 200 with the settlement header with it, and moves the price exactly", async () => {
    const first = performance.now();
    const unpaid = await fetch(url);
    const firstMs = performance.now() - first;
    expect(unpaid.status, output).toBe(402);
    const required = decodePaymentRequiredHeader(unpaid.headers.get("payment-required")!);
    const accepted = required.accepts[0]!;
    expect(accepted).toMatchObject({ amount: "10000", payTo: chain.accounts.seller.address });
    const buyer = chain.accounts.buyer;
    const before = {
      buyer: await chain.balanceOf(chain.usdc.address, buyer.address),
      seller: await chain.balanceOf(chain.usdc.address, chain.accounts.seller.address),
    };
    const { payload } = await exactEvmClient({ account: buyer.account }).createPaymentPayload({
      requirements: accepted,
    });
    const paid = await fetch(url, {
      headers: {
        "PAYMENT-SIGNATURE": encodePaymentSignatureHeader({
          x402Version: 2,
          resource: required.resource,
          accepted,
          payload,
        }),
      },
    });
    const body = await paid.text();
    expect(paid.status, body).toBe(200);
    expect(JSON.parse(body)).toEqual({ paid: true, payer: buyer.address });
    const settlement = decodePaymentResponseHeader(paid.headers.get("payment-response")!);
    expect(settlement).toMatchObject({ success: true, network: chain.network, payer: buyer.address });
    expect(before.buyer - (await chain.balanceOf(chain.usdc.address, buyer.address))).toBe(10_000n);
    expect((await chain.balanceOf(chain.usdc.address, chain.accounts.seller.address)) - before.seller).toBe(
      10_000n,
    );
    console.info(
      `next dev: ready in ${Math.round(startedMs)} ms, first request (compiles the route) ${Math.round(firstMs)} ms`,
    );
  });
});
