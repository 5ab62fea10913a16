import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFacilitatorClient } from "@x402kit/core";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paymentRequest, post as postRaw } from "./pay.js";
import { type SpawnedCli, spawnCli } from "./spawnCli.js";

// The facilitator as a public service (issue 17): the CLI as it ships, a Hardhat chain, real HTTP.
describe("x402kit-facilitator in public: API keys, limits and policy", () => {
  const denied = "0x000000000000000000000000000000000000dEaD";
  let chain: TestChain;
  let cli: SpawnedCli;
  let url: string;
  let apiKey: string;
  const directory = mkdtempSync(join(tmpdir(), "x402kit-public-"));
  const headerText = (headers: Headers) => {
    const lines: string[] = [];
    headers.forEach((value, name) => {
      lines.push(`${name}: ${value}`);
    });
    return lines.join("\n");
  };
  // Every answer the CLI gives in this file, for the secrets check at the end.
  const answers: string[] = [];
  const post = async (...args: Parameters<typeof postRaw>) => {
    const answer = await postRaw(...args);
    answers.push(JSON.stringify(answer.body), headerText(answer.headers));
    return answer;
  };
  const get = async (target: string, headers: Record<string, string> = {}) => {
    const response = await fetch(target, { headers });
    const text = await response.text();
    answers.push(text, headerText(response.headers));
    return { status: response.status, text };
  };
  // The RPC as providers give it, credentials in the URL (user and password, an API key in the query), served by a
  // loopback proxy to the Hardhat node that checks them, so that the URL really is used; `down` makes it fail.
  const rpcPassword = "s3cret";
  // Too short to redact on its own (under 8 characters): it must never be shown at all.
  const rpcApiKey = "K3yRpc";
  const proxy = { server: undefined as Server | undefined, down: false, authorized: 0, unauthorized: 0 };
  let rpcUrl: string;
  const outputs: string[] = [];
  const facilitatorNonce = () =>
    chain.publicClient.getTransactionCount({ address: chain.accounts.facilitator.address });

  beforeAll(async () => {
    chain = await startTestChain();
    proxy.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", async () => {
        const basic = `Basic ${Buffer.from(`user:${rpcPassword}`).toString("base64")}`;
        const query = new URL(request.url ?? "/", "http://127.0.0.1").searchParams.get("apikey");
        if (request.headers.authorization !== basic || query !== rpcApiKey) {
          proxy.unauthorized++;
          response.writeHead(401).end("unauthorized");
          return;
        }
        proxy.authorized++;
        if (proxy.down) {
          response.writeHead(502, { "content-type": "text/plain" }).end("bad gateway");
          return;
        }
        const forwarded = await fetch(chain.rpcUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: Buffer.concat(chunks),
        });
        response
          .writeHead(forwarded.status, { "content-type": "application/json" })
          .end(Buffer.from(await forwarded.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => proxy.server!.listen(0, "127.0.0.1", resolve));
    const { port } = proxy.server.address() as AddressInfo;
    rpcUrl = `http://user:${rpcPassword}@127.0.0.1:${port}/?apikey=${rpcApiKey}`;
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
        otel: true,
        policy: {
          networks: [chain.network],
          payToDeny: [denied],
          minAmount: "100",
          maxAmount: "5000",
        },
        signers: { eip155: { privateKey: { file: "key.txt" } } },
        networks: { [chain.network]: { rpc: { env: "BASE_RPC_URL" }, assets: [chain.usdc.address] } },
      }),
    );
    cli = spawnCli(["--config", join(directory, "facilitator.json")], { BASE_RPC_URL: rpcUrl });
    const started = await cli.waitForLog("x402kit-facilitator started");
    expect(started).toMatchObject({ apiKeys: ["shop"], openRoutes: ["supported"] });
    url = started.url as string;
  }, 120_000);
  afterAll(async () => {
    if (cli?.child.exitCode === null) cli.child.kill("SIGKILL");
    await new Promise((resolve) => proxy.server?.close(resolve));
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
    expect((await get(`${url}/supported`)).status).toBe(200);
    expect((await get(`${url}/healthz`)).status).toBe(401);

    const client = createFacilitatorClient({ url, apiKey });
    const before = await chain.balanceOf(chain.usdc.address, buyer.address);
    const settled = await client.settle(request);
    answers.push(JSON.stringify(settled));
    expect(settled).toMatchObject({ success: true, network: chain.network });
    expect(before - (await chain.balanceOf(chain.usdc.address, buyer.address))).toBe(1_000n);
    expect(await facilitatorNonce()).toBe(nonce + 1);
    // The access log line is written once the answer is sent: wait for it, do not read the output at once.
    const logged = await cli.waitForLog("request", {
      where: (line) => line.route === "/settle" && line.status === 200,
    });
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
    // Each refusal is logged at warn with its reason (the last one once it is out).
    await cli.waitForLog("settlement failed", { where: (line) => line.reason === "invalid_network" });
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
            rpc: rpcUrl,
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
      const health = await get(`${lowUrl}/healthz`);
      expect(health.status).toBe(503);
      const body = JSON.parse(health.text);
      expect(body.checks[`gas ${chain.network}`]).toMatchObject({
        ok: false,
        error: expect.stringMatching(/below 1000000000000000000000000000000 wei of gas/),
      });
      expect(body.checks[`rpc ${chain.network}`]).toMatchObject({ ok: true });
      // The normal threshold passes.
      expect((await get(`${url}/healthz`, { authorization: `Bearer ${apiKey}` })).status).toBe(200);
    } finally {
      low.child.kill("SIGKILL");
      await low.exited;
      outputs.push(low.output());
    }
  });

  it("answers without the RPC URL's credentials when the RPC fails, and serves metrics", async () => {
    const auth = { authorization: `Bearer ${apiKey}` };
    const request = await paymentRequest({ chain, buyer: chain.accounts.buyers[2]!.account });
    const seen = proxy.authorized;
    proxy.down = true;
    try {
      const verified = await post(url, "/verify", request, auth);
      expect(verified.body).toMatchObject({ isValid: false });
      const settled = await post(url, "/settle", request, auth);
      expect(settled.body).toMatchObject({ success: false, transaction: "" });
      const health = await get(`${url}/healthz`, auth);
      expect(health.status).toBe(503);
      expect(JSON.parse(health.text).checks[`rpc ${chain.network}`]).toMatchObject({ ok: false });
    } finally {
      proxy.down = false;
    }
    // The failures went through the proxy, with the URL's credentials.
    expect(proxy.authorized).toBeGreaterThan(seen);
    expect(proxy.unauthorized).toBe(0);
    const metrics = await get(`${url}/metrics`, auth);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain("x402_facilitator_settle");
    // A flag parse error after a private key on the command line, and an unreachable RPC with credentials.
    const badFlag = spawnCli(["--private-key", chain.accounts.facilitator.privateKey, "--no-such-flag"]);
    expect(await badFlag.exited).toBe(2);
    const unreachable = spawnCli(["--port", "0"], {
      X402KIT_RPC_URL: `http://user:${rpcPassword}@127.0.0.1:1/?apikey=${rpcApiKey}`,
      X402KIT_PRIVATE_KEY: chain.accounts.facilitator.privateKey,
      X402KIT_ASSETS: chain.usdc.address,
      X402KIT_DATA_DIR: join(directory, "unreachable"),
    });
    expect(await unreachable.exited).toBe(1);
    outputs.push(badFlag.output(), unreachable.output());
  });

  it("never shows a private key, an API key or the RPC URL's credentials, in any output", () => {
    const secrets = [
      apiKey,
      chain.accounts.facilitator.privateKey,
      chain.accounts.facilitator.privateKey.slice(2),
      rpcPassword,
      rpcApiKey,
      Buffer.from(`user:${rpcPassword}`).toString("base64"),
    ];
    const everything = [cli.output(), ...outputs, ...answers];
    // The run produced what is checked: logs, spans, error messages, health and metrics answers.
    expect(cli.lines().some((line) => line.msg === "settlement failed")).toBe(true);
    expect(answers.length).toBeGreaterThan(20);
    for (const text of everything)
      for (const secret of secrets) expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
  });
});
