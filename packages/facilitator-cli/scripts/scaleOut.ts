/**
 * One facilitator process on SQLite beside N on one PostgreSQL (each leasing its own signer), under the same
 * paid-request load, on a local chain: prints throughput, latency, failures, double transfers and whether the
 * balances reconcile. `pnpm --filter @x402kit/facilitator-cli scale-out [--requests 512] [--concurrency 64]
 * [--block-ms 1000 (0: automine)] [--instances 3]`.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { startTestPostgres } from "@x402kit/store-postgres/testing";
import { deriveTestAccounts, startTestChain } from "@x402kit/testchain";
import { parseEther } from "viem";
import { formatFigures, measureDeployment } from "../test/measureDeployment.js";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "512" },
    concurrency: { type: "string", default: "64" },
    "block-ms": { type: "string", default: "1000" },
    instances: { type: "string", default: "3" },
  },
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const blockMs = Number(values["block-ms"]);
const instances = Number(values.instances);

const [chain, postgres] = await Promise.all([
  startTestChain({ ...(blockMs > 0 ? { intervalMiningMs: blockMs } : {}), buyers: 16 }),
  startTestPostgres(),
]);
try {
  const signers = deriveTestAccounts({ from: 60, count: instances + 3 });
  const payees = deriveTestAccounts({ from: 90, count: 2 });
  for (const { address } of signers)
    await chain.testClient.setBalance({ address, value: parseEther("10000") });
  const common = { chain, buyers: chain.accounts.buyers, requests, concurrency };
  const rows = [
    await measureDeployment({
      ...common,
      label: "1 x CLI, SQLite",
      store: "sqlite",
      instances: 1,
      signers: signers.slice(0, 1),
      payTo: payees[0]!.address,
    }),
    await measureDeployment({
      ...common,
      label: `${instances} x CLI, PostgreSQL`,
      store: {
        postgres: postgres.connectionString,
        schema: `scale_${randomUUID().replaceAll("-", "").slice(0, 12)}`,
      },
      instances,
      signers: signers.slice(1),
      payTo: payees[1]!.address,
    }),
  ];
  const mining = blockMs > 0 ? `${blockMs} ms blocks` : "automine";
  console.log(`\n${requests} paid requests, concurrency ${concurrency}, ${mining}:\n${formatFigures(rows)}`);
  for (const row of rows)
    if (row.failures > 0) console.log(`${row.label} failures: ${JSON.stringify(row.failureReasons)}`);
} finally {
  await chain.stop();
  await postgres.stop();
}
