import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestAccount, TestChain } from "@x402kit/testchain";
import { type Address, parseAbiItem } from "viem";
import { type RunPaidLoadReturnType, runPaidLoad } from "./runPaidLoad.js";
import { type SpawnedCli, spawnCli } from "./spawnCli.js";

export type MeasureDeploymentParameters = {
  label: string;
  chain: TestChain;
  /** `sqlite` (one data directory per run) or a PostgreSQL server shared by the instances (a fresh schema). */
  store: "sqlite" | { postgres: string; schema: string };
  /** How many CLI processes. */
  instances: number;
  /** The signer key pool, given to every instance; with postgres each instance leases its own account. */
  signers: readonly TestAccount[];
  /** Who pays, in turn. */
  buyers: readonly TestAccount[];
  /** A fresh payee (its balance must start at 0). */
  payTo: Address;
  requests: number;
  concurrency: number;
};

export type DeploymentFigures = Omit<RunPaidLoadReturnType, "transactions"> & {
  label: string;
  instances: number;
  /** The distinct signer accounts that sent the settlements. */
  signersUsed: number;
  /** MockUSDC transfers to the payee seen on the chain. */
  transfers: number;
  /** Transfers beyond one per successful payment. */
  doubleTransfers: number;
  /** Payee +successes × price, buyers −the same, one transfer and one signer transaction per success. */
  reconciled: boolean;
};

const transferEvent = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)");

/**
 * Starts `instances` facilitator CLIs on one store, runs paid-request load through a resource server that uses them
 * round robin, stops them (SIGTERM, exit 0), and reconciles the chain: balances to the unit, transfers, signer
 * transactions.
 */
export async function measureDeployment(parameters: MeasureDeploymentParameters): Promise<DeploymentFigures> {
  const { chain, store, signers, buyers, payTo } = parameters;
  const dataDir = mkdtempSync(join(tmpdir(), "x402kit-scale-"));
  const clis: SpawnedCli[] = [];
  try {
    const env = (index: number): Record<string, string> => ({
      X402KIT_RPC_URL: chain.rpcUrl,
      X402KIT_ASSETS: chain.usdc.address,
      X402KIT_PRIVATE_KEYS: signers.map(({ privateKey }) => privateKey).join(","),
      X402KIT_PORT: "0",
      X402KIT_INSTANCE_ID: `${parameters.label}-${index}`,
      ...(store === "sqlite"
        ? { X402KIT_STORE: `sqlite:${join(dataDir, "facilitator.db")}` }
        : { X402KIT_STORE: `postgres:${store.postgres}`, X402KIT_POSTGRES_SCHEMA: store.schema }),
    });
    for (let index = 0; index < parameters.instances; index++) clis.push(spawnCli([], env(index)));
    const started = await Promise.all(clis.map((cli) => cli.waitForLog("x402kit-facilitator started")));

    const balance = (owner: Address) => chain.balanceOf(chain.usdc.address, owner);
    const buyerTotal = async () =>
      (await Promise.all(buyers.map(({ address }) => balance(address)))).reduce((a, b) => a + b, 0n);
    const nonces = () =>
      Promise.all(signers.map(({ address }) => chain.publicClient.getTransactionCount({ address })));
    const [fromBlock, buyersBefore, noncesBefore, payeeBefore] = await Promise.all([
      chain.publicClient.getBlockNumber(),
      buyerTotal(),
      nonces(),
      balance(payTo),
    ]);

    const load = await runPaidLoad({
      facilitators: started.map((line) => line.url as string),
      network: chain.network,
      asset: chain.usdc,
      payTo,
      price: "$0.001",
      buyers: buyers.map(({ account }) => account),
      requests: parameters.requests,
      concurrency: parameters.concurrency,
    });

    await Promise.all(
      clis.map(async (cli) => {
        cli.child.kill("SIGTERM");
        const code = await cli.exited;
        if (code !== 0) throw new Error(`a facilitator exited with ${code}:\n${cli.output()}`);
      }),
    );
    const [buyersAfter, noncesAfter, payeeAfter, logs] = await Promise.all([
      buyerTotal(),
      nonces(),
      balance(payTo),
      chain.publicClient.getLogs({
        address: chain.usdc.address,
        event: transferEvent,
        args: { to: payTo },
        fromBlock: fromBlock + 1n,
      }),
    ]);
    const sent = noncesAfter.map((after, index) => after - noncesBefore[index]!);
    const paid = BigInt(load.successes) * load.amount;
    const distinct = new Set(load.transactions).size;
    const { transactions: _, ...figures } = load;
    return {
      ...figures,
      label: parameters.label,
      instances: parameters.instances,
      signersUsed: sent.filter((count) => count > 0).length,
      transfers: logs.length,
      doubleTransfers: logs.length - distinct,
      reconciled:
        payeeAfter - payeeBefore === paid &&
        buyersBefore - buyersAfter === paid &&
        logs.length === load.successes &&
        distinct === load.successes &&
        sent.reduce((a, b) => a + b, 0) === load.successes,
    };
  } finally {
    for (const cli of clis) if (cli.child.exitCode === null) cli.child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The figures as a small table, one line per deployment. */
export function formatFigures(rows: readonly DeploymentFigures[]): string {
  const header =
    "deployment                 requests  ok    failed  seconds  req/s   p50 ms  p99 ms  signers  double  reconciled";
  return [
    header,
    ...rows.map((row) =>
      [
        row.label.padEnd(26),
        String(row.requests).padEnd(9),
        String(row.successes).padEnd(5),
        String(row.failures).padEnd(7),
        row.seconds.toFixed(2).padEnd(8),
        row.throughput.toFixed(1).padEnd(7),
        String(row.latencyMs.p50).padEnd(7),
        String(row.latencyMs.p99).padEnd(7),
        String(row.signersUsed).padEnd(8),
        String(row.doubleTransfers).padEnd(7),
        row.reconciled ? "yes" : "NO",
      ].join(" "),
    ),
  ].join("\n");
}
