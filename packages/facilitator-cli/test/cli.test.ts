import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { setTimeout as sleep } from "node:timers/promises";
import { getBase58Decoder } from "@solana/kit";
import {
  batchSettlementEvmClient,
  batchSettlementEvmServer,
  createChannelManager,
} from "@x402kit/batch-settlement-evm";
import { createX402Client, wrapFetch } from "@x402kit/client";
import {
  createFacilitatorClient,
  createMemoryStore,
  createResourceServer,
  isReplayedSettlement,
} from "@x402kit/core";
import { startTestChain, type TestChain } from "@x402kit/testchain";
import { startSolanaTestChain } from "@x402kit/testchain/solana";
import type { SettleResponse } from "@x402kit/types";
import { generatePrivateKey, privateKeyToAccount, privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paymentRequest, post, svmPaymentRequest } from "./pay.js";
import { type SpawnedCli, spawnCli, waitForMempool } from "./spawnCli.js";

describe("x402kit-facilitator (CLI)", () => {
  let chain: TestChain;
  const directory = mkdtempSync(join(tmpdir(), "x402kit-cli-"));
  const running: SpawnedCli[] = [];
  const start = (args: string[], env: Record<string, string> = {}) => {
    const cli = spawnCli(args, env);
    running.push(cli);
    return cli;
  };

  beforeAll(async () => {
    chain = await startTestChain();
  });
  afterAll(async () => {
    for (const cli of running) if (cli.child.exitCode === null) cli.child.kill("SIGKILL");
    await chain?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const env = () => ({
    X402KIT_RPC_URL: chain.rpcUrl,
    X402KIT_PRIVATE_KEY: chain.accounts.facilitator.privateKey,
    X402KIT_ASSETS: chain.usdc.address,
    X402KIT_DATA_DIR: join(directory, "data"),
  });

  it("serves /supported and /healthz for the RPC's network, and exits 0 on SIGTERM", async () => {
    const cli = start(["--port", "0", "--log-level", "info"], env());
    const started = await cli.waitForLog("x402kit-facilitator started");
    expect(started).toMatchObject({
      network: "eip155:31337",
      networks: { "eip155:31337": { rpc: [new URL(chain.rpcUrl).origin], assets: [chain.usdc.address] } },
      signer: chain.accounts.facilitator.address,
      store: `sqlite:${join(directory, "data", "facilitator.db")}`,
    });
    const url = started.url as string;
    const supported = await (await fetch(`${url}/supported`)).json();
    expect(supported).toMatchObject({
      kinds: expect.arrayContaining([{ x402Version: 2, scheme: "exact", network: "eip155:31337" }]),
      extensions: expect.arrayContaining(["payment-identifier"]),
      signers: { "eip155:*": [chain.accounts.facilitator.address] },
    });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      ok: true,
      store: { ok: true },
      checks: { "rpc eip155:31337": { ok: true } },
    });

    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    await cli.waitForLog("facilitator closed");
    expect(cli.output()).not.toContain(chain.accounts.facilitator.privateKey.slice(2));
    expect(cli.output()).not.toContain('"span"');
    expect(cli.output()).not.toMatch(/ExperimentalWarning/);
  });

  it("with --otel, writes spans as JSON lines on stderr and serves GET /metrics", async () => {
    const cli = start(["--otel", "--store", "memory"], { ...env(), X402KIT_PORT: "0" });
    const url = (await cli.waitForLog("x402kit-facilitator started")).url as string;
    const request = await paymentRequest({ chain, buyer: chain.accounts.buyers[2]!.account });
    const verified = await post(url, "/verify", request);
    expect(verified.body).toMatchObject({ isValid: true });
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await metrics.text()).toMatch(
      /^x402_facilitator_verify_outcomes_total\{.*x402_outcome="valid".*\} 1$/m,
    );

    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    const spans = cli.lines().filter((line) => typeof line.span === "string");
    const verify = spans.find((span) => span.span === "x402.facilitator.verify");
    expect(verify).toMatchObject({ status: "ok", attributes: { "x402.outcome": "valid" } });
    expect(spans.find((span) => span.span === "x402.scheme.verify")).toMatchObject({
      parentSpanId: verify?.spanId,
    });
  });

  it("with --config, serves two EVM chains and Solana from one process, failing over from a dead RPC, keys from files", async () => {
    const second = await startTestChain({ chainId: 84532 });
    const solana = await startSolanaTestChain({ buyers: 1 });
    try {
      // solana-keygen's format: the 64-byte secret key as a JSON array.
      writeFileSync(
        join(directory, "solana-key.json"),
        JSON.stringify([...solana.accounts.facilitator.secretKey]),
      );
      const deadRpc = "http://127.0.0.1:9/v2/dead-endpoint-credential";
      writeFileSync(join(directory, "key.txt"), `${chain.accounts.facilitator.privateKey}\n`);
      writeFileSync(
        join(directory, "facilitator.json"),
        JSON.stringify({
          server: { port: 0 },
          store: "memory",
          signers: {
            eip155: { privateKey: { file: "key.txt" } },
            solana: { privateKey: { file: "solana-key.json" } },
          },
          networks: {
            [solana.network]: { rpc: [deadRpc, solana.rpcUrl] },
            [chain.network]: { rpc: chain.rpcUrl, assets: [chain.usdc.address] },
            [second.network]: {
              rpc: [deadRpc, second.rpcUrl],
              assets: [second.usdc.address],
              schemes: ["exact"],
            },
          },
        }),
      );
      const cli = start(["--config", join(directory, "facilitator.json")]);
      const url = (await cli.waitForLog("x402kit-facilitator started")).url as string;
      const supported = await (await fetch(`${url}/supported`)).json();
      expect(supported.kinds).toEqual(
        expect.arrayContaining([
          { x402Version: 2, scheme: "exact", network: "eip155:31337" },
          expect.objectContaining({ x402Version: 2, scheme: "upto", network: "eip155:31337" }),
          { x402Version: 2, scheme: "exact", network: "eip155:84532" },
          {
            x402Version: 2,
            scheme: "exact",
            network: solana.network,
            extra: { feePayer: solana.accounts.facilitator.address },
          },
        ]),
      );
      expect(supported.signers["solana:*"]).toEqual([solana.accounts.facilitator.address]);
      expect(supported.kinds).not.toContainEqual(
        expect.objectContaining({ scheme: "upto", network: "eip155:84532" }),
      );

      for (const served of [chain, second]) {
        const buyer = served.accounts.buyers[3]!;
        const before = await served.balanceOf(served.usdc.address, buyer.address);
        const settled = await post(
          url,
          "/settle",
          await paymentRequest({ chain: served, buyer: buyer.account }),
        );
        expect(settled.body).toMatchObject({ success: true, network: served.network });
        expect(before - (await served.balanceOf(served.usdc.address, buyer.address))).toBe(1_000n);
      }
      const solanaBuyer = solana.accounts.buyer;
      const solanaBefore = await solana.balanceOf(solana.usdc.address, solanaBuyer.address);
      const settled = await post(url, "/settle", await svmPaymentRequest(solana, solanaBuyer.signer));
      expect(settled.body).toMatchObject({ success: true, network: solana.network });
      expect(solanaBefore - (await solana.balanceOf(solana.usdc.address, solanaBuyer.address))).toBe(1_000n);
      cli.child.kill("SIGTERM");
      expect(await cli.exited).toBe(0);
      expect(cli.output()).not.toContain("dead-endpoint-credential");
      expect(cli.output()).not.toContain(chain.accounts.facilitator.privateKey.slice(2));
      expect(cli.output()).not.toContain(getBase58Decoder().decode(solana.accounts.facilitator.secretKey));
    } finally {
      await second.stop();
      await solana.stop();
    }
  });

  it("serves batch-settlement where named: a client pays over a channel, the server claims and sweeps through it", async () => {
    writeFileSync(join(directory, "channels-key.txt"), chain.accounts.facilitator.privateKey);
    writeFileSync(
      join(directory, "channels.json"),
      JSON.stringify({
        server: { port: 0 },
        store: "memory",
        signers: { eip155: { privateKey: { file: "channels-key.txt" } } },
        networks: {
          [chain.network]: {
            rpc: chain.rpcUrl,
            assets: [chain.usdc.address],
            schemes: ["exact", "batch-settlement"],
          },
        },
      }),
    );
    const cli = start(["--config", join(directory, "channels.json")]);
    const url = (await cli.waitForLog("x402kit-facilitator started")).url as string;
    const facilitator = createFacilitatorClient({ url });
    expect((await facilitator.supported()).kinds).toContainEqual(
      expect.objectContaining({ scheme: "batch-settlement", network: chain.network }),
    );

    const payTo = privateKeyToAddress(generatePrivateKey());
    const payer = privateKeyToAccount(generatePrivateKey());
    await chain.mint(payer.address, 1_000_000n);
    const store = createMemoryStore();
    const authorizer = privateKeyToAccount(generatePrivateKey());
    const server = createResourceServer({
      routes: {
        "GET /report": {
          accepts: {
            scheme: "batch-settlement",
            network: chain.network,
            payTo,
            price: {
              amount: "1000",
              asset: chain.usdc.address,
              extra: { name: chain.usdc.name, version: chain.usdc.version },
            },
          },
        },
      },
      schemes: [batchSettlementEvmServer({ store, receiverAuthorizer: authorizer })],
      facilitator,
    });
    // The server engine behind a fetch handler: the CLI is the only process besides the test.
    const handle = async (request: Request) => {
      const result = await server.processRequest({
        method: request.method,
        url: request.url,
        header: (name) => request.headers.get(name) ?? undefined,
      });
      if (result.type === "pass") return new Response("not found", { status: 404 });
      if (result.type === "respond") return new Response(result.response.body, result.response);
      const outcome = await result.payment.settle({ status: 200 });
      if (outcome.type === "respond") return new Response(outcome.response.body, outcome.response);
      return Response.json({ report: "paid" }, { headers: outcome.headers });
    };
    const client = createX402Client({
      schemes: [
        batchSettlementEvmClient({ account: payer, publicClients: { [chain.network]: chain.publicClient } }),
      ],
    });
    const paidFetch = wrapFetch((input, init) => handle(new Request(input, init)), client);
    for (let i = 0; i < 3; i++) expect((await paidFetch("http://localhost/report")).status).toBe(200);

    const manager = createChannelManager({
      store,
      facilitator,
      network: chain.network,
      payTo,
      asset: chain.usdc.address,
      authorizer,
    });
    expect(await manager.claimAndSettle()).toMatchObject({ settle: { success: true, amount: "3000" } });
    expect(await chain.balanceOf(chain.usdc.address, payTo)).toBe(3_000n);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });

  it("exits 2 with a readable message for a bad configuration, and 0 for --help", async () => {
    const [missing, badKey, postgres, otherNetwork, unknownFlag, help] = [
      start([]),
      start(["--private-key", "0x1234", "--rpc-url", chain.rpcUrl, "--port", "http"]),
      start(["--store", "postgres:nowhere", "--private-keys", "0x12"], env()),
      start(["--network", "eip155:8453", "--port", "0", "--store", "memory"], env()),
      start(["--nope"]),
      start(["--help"]),
    ];
    expect(await missing.exited).toBe(2);
    expect(missing.output()).toMatch(/--rpc-url \(X402KIT_RPC_URL\): is required/);
    expect(missing.output()).toMatch(
      /--private-key \(X402KIT_PRIVATE_KEY\): is required \(or --private-keys, --private-key-file\)/,
    );
    expect(await badKey.exited).toBe(2);
    expect(badKey.output()).toMatch(/must be a 0x-prefixed 32-byte hex key/);
    expect(badKey.output()).toMatch(/--port \(X402KIT_PORT\): must be a port number/);
    expect(badKey.output()).not.toContain("0x1234");
    expect(await postgres.exited).toBe(2);
    expect(postgres.output()).toMatch(
      /--store \(X402KIT_STORE\): must be memory, sqlite:PATH or postgres:URL/,
    );
    expect(postgres.output()).toMatch(
      /--private-keys \(X402KIT_PRIVATE_KEYS\): key 1: must be a 0x-prefixed/,
    );
    expect(postgres.output()).not.toContain("nowhere");
    expect(await otherNetwork.exited).toBe(2);
    expect(otherNetwork.output()).toMatch(/the RPC serves eip155:31337, not eip155:8453/);
    expect(await unknownFlag.exited).toBe(2);
    expect(unknownFlag.output()).toMatch(/--nope/);
    expect(await help.exited).toBe(0);
    expect(help.output()).toMatch(/Usage: x402kit-facilitator/);
  });

  it("survives SIGKILL between broadcast and receipt: the restarted one answers with the original transaction", async () => {
    const dataDir = join(directory, "crash");
    const cliEnv = { ...env(), X402KIT_DATA_DIR: dataDir, X402KIT_INSTANCE_ID: "crash-test" };
    const first = start(["--port", "0"], cliEnv);
    const url = (await first.waitForLog("x402kit-facilitator started")).url as string;

    const buyer = chain.accounts.buyers[1]!.account;
    const body = JSON.stringify(await paymentRequest({ chain, buyer, amount: "7000" }));
    const settle = (base: string) =>
      fetch(`${base}/settle`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const seller = chain.accounts.seller.address;
    const before = await chain.balanceOf(chain.usdc.address, seller);

    await chain.setAutomine(false);
    try {
      const lost = settle(url).catch(() => undefined);
      // Wait until the settlement is recorded as broadcast, then kill the facilitator before any receipt.
      const db = new DatabaseSync(join(dataDir, "facilitator.db"), { readOnly: true });
      const deadline = Date.now() + 20_000;
      let transaction: string | undefined;
      while (!transaction && Date.now() < deadline) {
        const row = db.prepare(`SELECT "transaction" FROM settlements WHERE state = 'broadcast'`).get() as
          | { transaction: string }
          | undefined;
        transaction = row?.transaction;
        if (!transaction) await sleep(50);
      }
      db.close();
      expect(transaction).toMatch(/^0x[0-9a-f]{64}$/);
      // The hash is recorded just before the transaction goes to the node: kill once the node has it.
      await waitForMempool(chain, transaction as `0x${string}`);
      first.child.kill("SIGKILL");
      expect(await first.exited).toBe("SIGKILL");
      await lost;
      await chain.mine();
    } finally {
      await chain.setAutomine(true);
    }

    const second = start(["--port", "0"], cliEnv);
    const recovered = await second.waitForLog("recovered unfinished settlements");
    expect(recovered).toMatchObject({ confirmed: 1, pending: 0, deleted: 0 });
    const restartedUrl = (await second.waitForLog("x402kit-facilitator started")).url as string;
    const retried = (await (await settle(restartedUrl)).json()) as SettleResponse;
    expect(retried).toMatchObject({ success: true, payer: buyer.address });
    expect(isReplayedSettlement(retried)).toBe(false);
    const again = (await (await settle(restartedUrl)).json()) as SettleResponse;
    expect(again).toMatchObject({
      success: false,
      errorReason: "invalid_transaction_state",
      transaction: "",
    });
    expect(again.extensions).toMatchObject({ x402kit: { replayed: true, settledIn: retried.transaction } });
    expect((await chain.balanceOf(chain.usdc.address, seller)) - before).toBe(7_000n);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});
