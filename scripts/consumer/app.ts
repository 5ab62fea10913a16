// A project outside the workspace that installed x402kit's tarballs (scripts/checkTarballs.ts), without PostgreSQL or
// upto: one paid request on a local chain through x402kit's facilitator as a library (over HTTP), a hono server and a
// paying fetch; then the same through the x402kit-facilitator command, started from node_modules/.bin; then the
// command asked for what is not installed. Prints one line per result ("paid: {...}", "cli: {...}").
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import { createX402Client, getPaymentReceipt, wrapFetch } from "@x402kit/client";
import { createFacilitatorClient } from "@x402kit/core";
import {
  exactEvmClient,
  exactEvmFacilitator,
  exactEvmServer,
  nativeSecp256k1,
  privateKeyToFastAccount,
} from "@x402kit/evm";
import { createFacilitator, createFacilitatorServer } from "@x402kit/facilitator";
import { paymentMiddleware } from "@x402kit/server/hono";
import { startTestChain } from "@x402kit/testchain";
import { Hono } from "hono";

const bin = path.join(import.meta.dirname, "node_modules", ".bin", "x402kit-facilitator");
const chain = await startTestChain();
const stops: (() => Promise<unknown>)[] = [() => chain.stop()];
// Signs with libsecp256k1 when the optional peer `secp256k1` is installed (the second run), with noble otherwise.
console.log(`secp256k1: ${nativeSecp256k1() ? "native" : "js"}`);
const buyer = privateKeyToFastAccount(chain.accounts.buyer.privateKey);
const paidFetch = wrapFetch(fetch, createX402Client({ schemes: [exactEvmClient({ account: buyer })] }));

/** A hono app selling GET /weather through the facilitator at `facilitatorUrl`, and one paid request to it. */
async function payThrough(facilitatorUrl: string) {
  const app = new Hono();
  app.use(
    paymentMiddleware({
      routes: {
        "GET /weather": {
          accepts: {
            scheme: "exact",
            network: chain.network,
            price: "$0.001",
            payTo: chain.accounts.seller.address,
          },
        },
      },
      schemes: [exactEvmServer({ assets: { [chain.network]: { ...chain.usdc } } })],
      facilitator: createFacilitatorClient({ url: facilitatorUrl }),
    }),
  );
  app.get("/weather", (c) => c.json({ forecast: "sunny" }));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(started));
  });
  try {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const before = await chain.balanceOf(chain.usdc.address, chain.accounts.seller.address);
    const response = await paidFetch(`http://127.0.0.1:${port}/weather`);
    const receipt = getPaymentReceipt(response);
    const seller = (await chain.balanceOf(chain.usdc.address, chain.accounts.seller.address)) - before;
    const result = { status: response.status, body: await response.text(), receipt, seller: String(seller) };
    console.log(`paid: ${JSON.stringify(result)}`);
    if (response.status !== 200 || receipt?.success !== true || seller !== 1_000n) process.exitCode = 1;
  } finally {
    await new Promise((done) => server.close(done));
  }
}

/** The command's environment for one network on the test chain (the key from the environment, never a flag). */
const cliEnv = {
  // This Node's own directory first: `#!/usr/bin/env node` must find a real node binary, not the workspace's `node`
  // shim (a shell script that runs node as its child, so a signal to the command would never reach node).
  PATH: [path.dirname(process.execPath), process.env["PATH"] ?? ""].join(path.delimiter),
  X402KIT_RPC_URL: chain.rpcUrl,
  X402KIT_PRIVATE_KEY: chain.accounts.facilitator.privateKey,
  X402KIT_ASSETS: chain.usdc.address,
};

/**
 * Starts the command and resolves with its URL once it logs that it started (an info line: keep the log level at
 * info or lower). Gives up after a minute, stopping the command, rather than hanging the CI step.
 */
function startCli(args: string[]): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(bin, args, { env: cliEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`x402kit-facilitator did not log that it started within 60 s:\n${output}`));
    }, 60_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      for (const line of output.split("\n")) {
        if (!line.includes('"x402kit-facilitator started"')) continue;
        clearTimeout(timer);
        resolve({ url: JSON.parse(line).url, child, output: () => output });
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`x402kit-facilitator exited ${code}:\n${output}`));
    });
  });
}

try {
  // 1. The facilitator as a library.
  const facilitator = createFacilitator({
    schemes: [
      exactEvmFacilitator({
        networks: {
          [chain.network]: {
            rpcUrl: chain.rpcUrl,
            signer: privateKeyToFastAccount(chain.accounts.facilitator.privateKey),
          },
        },
      }),
    ],
  });
  const facilitatorServer = await createFacilitatorServer({ facilitator }).listen({ port: 0 });
  try {
    await payThrough(facilitatorServer.url);
  } finally {
    await facilitatorServer.close();
  }

  // 2. The command: without @x402kit/upto-evm it serves exact only, and stops cleanly on SIGTERM.
  const cli = await startCli(["--port", "0", "--store", "memory"]);
  const exited = new Promise<number | null>((resolve) => cli.child.once("exit", resolve));
  try {
    const supported = (await (await fetch(`${cli.url}/supported`)).json()) as { kinds: { scheme: string }[] };
    const schemes = [...new Set(supported.kinds.map((kind) => kind.scheme))];
    console.log(`cli: ${JSON.stringify({ started: cli.url, schemes })}`);
    if (schemes.join() !== "exact") process.exitCode = 1;
    await payThrough(cli.url);
  } finally {
    cli.child.kill("SIGTERM");
  }
  // A clean stop is prompt: after 30 s it is a failure (and the command is killed, so that CI does not hang).
  const code = await Promise.race([
    exited,
    new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 30_000).unref()),
  ]);
  if (code === "hung") cli.child.kill("SIGKILL");
  console.log(`cli: ${JSON.stringify({ sigterm: code })}`);
  if (code !== 0) process.exitCode = 1;

  // 3. Asked for what is not installed, it says which package to install (exit 2, a configuration problem).
  const config = path.join(mkdtempSync(path.join(tmpdir(), "x402kit-cli-")), "facilitator.json");
  writeFileSync(
    config,
    JSON.stringify({
      store: "memory",
      signers: { eip155: { privateKey: { env: "FACILITATOR_KEY" } } },
      networks: { [chain.network]: { rpc: chain.rpcUrl, assets: [chain.usdc.address], schemes: ["upto"] } },
    }),
  );
  // A config file names its networks and signers itself: the flags' variables (X402KIT_RPC_URL, ...) must be unset.
  const fileEnv = { PATH: cliEnv.PATH, FACILITATOR_KEY: chain.accounts.facilitator.privateKey };
  for (const [args, env, needs] of [
    [["--store", "postgres:postgres://x402@127.0.0.1:9/x402"], cliEnv, "@x402kit/store-postgres"],
    [["--config", config], fileEnv, "@x402kit/upto-evm"],
  ] as const) {
    const run = spawnSync(bin, [...args, "--port", "0"], { env, encoding: "utf8", timeout: 60_000 });
    const named = run.stderr.includes(`needs ${needs}, which is not installed`);
    console.log(
      `cli: ${JSON.stringify({ args: args[0], exit: run.status, named: named ? needs : run.stderr })}`,
    );
    if (run.status !== 2 || !named) process.exitCode = 1;
  }
} finally {
  for (const stop of stops) await stop();
}
