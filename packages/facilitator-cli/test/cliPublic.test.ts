import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFacilitatorClient } from "@x402kit/core";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paymentRequest, post } from "./pay.js";
import { type SpawnedCli, spawnCli } from "./spawnCli.js";

// The facilitator as a public service (issue 17): the CLI as it ships, a Hardhat chain, real HTTP.
describe("x402kit-facilitator in public: API keys, limits and policy", () => {
  const denied = "0x000000000000000000000000000000000000dEaD";
  let chain: TestChain;
  let cli: SpawnedCli;
  let url: string;
  let apiKey: string;
  const directory = mkdtempSync(join(tmpdir(), "x402kit-public-"));
  const facilitatorNonce = () =>
    chain.publicClient.getTransactionCount({ address: chain.accounts.facilitator.address });

  beforeAll(async () => {
    chain = await startTestChain();
    // The operator's flow: make a key, give it to the caller, store only its hash.
    const made = spawnCli(["--new-api-key"]);
    expect(await made.exited).toBe(0);
    apiKey = /^key: +(\S+)$/m.exec(made.output())![1]!;
    const sha256 = /^sha256: +([0-9a-f]{64})$/m.exec(made.output())![1]!;
    writeFileSync(join(directory, "api-keys.txt"), `# name sha256\nshop ${sha256}\n`);
    writeFileSync(join(directory, "key.txt"), `${chain.accounts.facilitator.privateKey}\n`);
    writeFileSync(
      join(directory, "facilitator.json"),
      JSON.stringify({
        server: { port: 0 },
        store: "memory",
        apiKeys: { file: "api-keys.txt", open: ["supported"] },
        limits: { perKey: { perMinute: 600, burst: 50 }, settlementsInFlight: 8 },
        policy: {
          networks: [chain.network],
          payToDeny: [denied],
          minAmount: "100",
          maxAmount: "5000",
        },
        signers: { eip155: { privateKey: { file: "key.txt" } } },
        networks: { [chain.network]: { rpc: chain.rpcUrl, assets: [chain.usdc.address] } },
      }),
    );
    cli = spawnCli(["--config", join(directory, "facilitator.json")]);
    const started = await cli.waitForLog("x402kit-facilitator started");
    expect(started).toMatchObject({ apiKeys: ["shop"], openRoutes: ["supported"] });
    url = started.url as string;
  }, 120_000);
  afterAll(async () => {
    if (cli?.child.exitCode === null) cli.child.kill("SIGKILL");
    await chain?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it("refuses /settle without a key (401, no gas spent) and settles with it through core's client", async () => {
    const buyer = chain.accounts.buyers[0]!;
    const request = await paymentRequest({ chain, buyer: buyer.account });
    const nonce = await facilitatorNonce();
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer x402k_wrong" },
      { authorization: apiKey },
    ];
    for (const headers of attempts) {
      const refused = await post(url, "/settle", request, headers);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ error: "unauthorized" });
    }
    expect(await facilitatorNonce()).toBe(nonce);
    expect((await fetch(`${url}/supported`)).status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(401);

    const client = createFacilitatorClient({ url, apiKey });
    const before = await chain.balanceOf(chain.usdc.address, buyer.address);
    expect(await client.settle(request)).toMatchObject({ success: true, network: chain.network });
    expect(before - (await chain.balanceOf(chain.usdc.address, buyer.address))).toBe(1_000n);
    expect(await facilitatorNonce()).toBe(nonce + 1);
    const logged = cli
      .lines()
      .find((line) => line.msg === "request" && line.route === "/settle" && line.status === 200);
    expect(logged).toMatchObject({ key: "shop" });
  });

  it("refuses what the policy forbids before any transaction: a reason code, no gas, no nonce", async () => {
    const buyer = chain.accounts.buyers[1]!;
    const auth = { authorization: `Bearer ${apiKey}` };
    const gasBefore = await chain.publicClient.getBalance({ address: chain.accounts.facilitator.address });
    const nonce = await facilitatorNonce();
    const usdcBefore = await chain.balanceOf(chain.usdc.address, buyer.address);
    for (const [given, reason] of [
      [{ payTo: denied }, "policy_pay_to_not_allowed"],
      [{ amount: "5001" }, "policy_amount_too_large"],
      [{ amount: "99" }, "policy_amount_too_small"],
    ] as const) {
      const request = await paymentRequest({ chain, buyer: buyer.account, ...given });
      const verified = await post(url, "/verify", request, auth);
      expect(verified.body).toMatchObject({ isValid: false, invalidReason: reason });
      const settled = await post(url, "/settle", request, auth);
      expect(settled.status).toBe(200);
      expect(settled.body).toMatchObject({ success: false, errorReason: reason, transaction: "" });
      expect(settled.body.errorMessage).toEqual(expect.any(String));
    }
    // A network outside the policy: the spec's own code.
    const elsewhere = await paymentRequest({ chain, buyer: buyer.account });
    const other = JSON.parse(JSON.stringify(elsewhere).replaceAll(chain.network, "eip155:8453"));
    expect((await post(url, "/settle", other, auth)).body).toMatchObject({
      success: false,
      errorReason: "invalid_network",
    });
    expect(await facilitatorNonce()).toBe(nonce);
    expect(await chain.publicClient.getBalance({ address: chain.accounts.facilitator.address })).toBe(
      gasBefore,
    );
    expect(await chain.balanceOf(chain.usdc.address, buyer.address)).toBe(usdcBefore);
    // Each refusal is logged at warn with its reason.
    const warned = cli.lines().filter((line) => line.msg === "settlement failed" && line.level === 40);
    expect(warned.map((line) => line.reason)).toEqual(
      expect.arrayContaining(["policy_pay_to_not_allowed", "policy_amount_too_large", "invalid_network"]),
    );
    // The bounds are inclusive: 5000 settles.
    const edge = await paymentRequest({ chain, buyer: buyer.account, amount: "5000" });
    expect((await post(url, "/settle", edge, auth)).body).toMatchObject({ success: true });
  });

  it("fails /healthz and warns at start-up when a signer holds less gas than its threshold", async () => {
    const config = join(directory, "low-gas.json");
    writeFileSync(
      config,
      JSON.stringify({
        server: { port: 0 },
        store: "memory",
        apiKeys: { file: "api-keys.txt", open: ["healthz"] },
        signers: { eip155: { privateKey: { file: "key.txt" } } },
        networks: {
          [chain.network]: {
            rpc: chain.rpcUrl,
            assets: [chain.usdc.address],
            minGasBalance: `1${"0".repeat(30)}`,
          },
        },
      }),
    );
    const low = spawnCli(["--config", config]);
    try {
      const warned = await low.waitForLog("a signer is low on gas: settlements will fail");
      expect(warned).toMatchObject({ level: 40, check: `gas ${chain.network}` });
      const lowUrl = (await low.waitForLog("x402kit-facilitator started")).url as string;
      const health = await fetch(`${lowUrl}/healthz`);
      expect(health.status).toBe(503);
      const body = await health.json();
      expect(body.checks[`gas ${chain.network}`]).toMatchObject({
        ok: false,
        error: expect.stringMatching(/below 1000000000000000000000000000000 wei of gas/),
      });
      expect(body.checks[`rpc ${chain.network}`]).toMatchObject({ ok: true });
      // The normal threshold passes.
      expect((await fetch(`${url}/healthz`, { headers: { authorization: `Bearer ${apiKey}` } })).status).toBe(
        200,
      );
    } finally {
      low.child.kill("SIGKILL");
    }
  });

  it("never prints the API key or the private key", () => {
    const output = cli.output();
    expect(output).not.toContain(apiKey);
    expect(output.toLowerCase()).not.toContain(chain.accounts.facilitator.privateKey.slice(2).toLowerCase());
  });
});
