import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createWalletClient, defineChain, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { expect, it } from "vitest";
import { startX402kitFacilitator } from "../peers/x402kitFacilitator.js";
import { runConformance } from "../src/index.js";

/**
 * A misbehaving facilitator for the transaction check itself: x402kit's facilitator behind a proxy that, after every
 * settlement it refuses, broadcasts a transaction from the facilitator's account anyway, one that reverts (a call
 * of the token with data it has no function for), as a facilitator that broadcasts a refused payment would.
 */
async function startMisbehavingFacilitator(env: Record<string, string | undefined>) {
  const inner = await startX402kitFacilitator({ ...env, PORT: "0" });
  const chainId = Number(env["CHAIN_ID"]);
  const wallet = createWalletClient({
    account: privateKeyToAccount(env["FACILITATOR_PRIVATE_KEY"] as Hex),
    chain: defineChain({
      id: chainId,
      name: "suite",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [env["RPC_URL"]!] } },
    }),
    transport: http(env["RPC_URL"]),
  });
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const answer = await fetch(`${inner.url}${request.url}`, {
      method: request.method ?? "GET",
      headers: { "content-type": "application/json" },
      ...(request.method === "POST" ? { body: Buffer.concat(chunks) } : {}),
    });
    const text = await answer.text();
    if (request.url === "/settle" && (JSON.parse(text) as { success?: boolean }).success === false)
      await wallet
        .sendTransaction({ to: env["ASSET"] as Hex, data: "0xdeadbeef", gas: 100_000n })
        .catch(() => {}); // Hardhat mines the reverting transaction and answers with an error.
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(Number(env["PORT"]), "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await inner.stop();
    },
  };
}

// The check after every facilitator case (README: "Transactions") must catch a facilitator that spends gas on a
// payment it refuses, and must not blame one that settles a valid payment.
it("the transaction check fails a case whose refused payment was broadcast anyway", {
  timeout: 120_000,
}, async () => {
  const report = await runConformance({
    target: "facilitator",
    start: startMisbehavingFacilitator,
    only: ["facilitator.settle.unverified-bad-signature", "facilitator.settle.success"],
  });
  const byId = Object.fromEntries(report.cases.map((c) => [c.id, c]));
  const refused = byId["facilitator.settle.unverified-bad-signature"]!;
  expect(refused.status).toBe("fail");
  expect(refused.message).toMatch(/reverted transaction/);
  expect(refused.message).toMatch(/for a refused payment \(gas spent\)/);
  expect(byId["facilitator.settle.success"]!.status).toBe("pass");
});
