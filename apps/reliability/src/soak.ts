/**
 * `pnpm soak`: the full soak of issue 6 (not part of CI): 5 000 paid requests at concurrency 32 on a chain with 1 s
 * blocks; prints the figures and exits non-zero unless every request is either served and paid or refused and
 * unpaid, and the totals reconcile to the unit. Override with SOAK_REQUESTS, SOAK_CONCURRENCY, SOAK_BLOCK_MS.
 */
import { runSoak } from "./runSoak.js";

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
const mib = (bytes: number | undefined) =>
  bytes === undefined ? "n/a" : `${(bytes / 2 ** 20).toFixed(0)} MiB`;

const report = await runSoak({
  requests: number("SOAK_REQUESTS", 5_000),
  concurrency: number("SOAK_CONCURRENCY", 32),
  blockMs: number("SOAK_BLOCK_MS", 1_000),
  log: (line) => console.log(`  ${line}`),
});
console.log(
  [
    `soak: ${report.requests} requests at concurrency ${report.concurrency}, ${report.blockMs} ms blocks`,
    `duration        ${(report.durationMs / 1000).toFixed(1)} s (${((report.requests * 1000) / report.durationMs).toFixed(1)} requests/s)`,
    `served / refused ${report.served} / ${report.refused}`,
    ...Object.entries(report.kinds).map(
      ([kind, { sent, served }]) => `  ${kind.padEnd(14)} sent ${sent}, served ${served}`,
    ),
    `totals (atomic) served by clients ${report.totals.servedByClients}, seller's log ${report.totals.servedLog}, seller +${report.totals.sellerDelta}, buyers ${report.totals.buyersDelta}`,
    `transactions    ${report.transactions} sent, ${report.authorizationsUsed} authorizations used`,
    `peak RSS        ${mib(report.peakRssBytes)} (client, servers, facilitator), chain node ${mib(report.nodePeakRssBytes)}`,
    `lost            ${report.lost.length === 0 ? "nothing" : report.lost.slice(0, 20).join("\n                ")}`,
    `reconciled      ${report.reconciled ? "yes, to the unit" : "NO"}`,
  ].join("\n"),
);
process.exit(report.reconciled ? 0 : 1);
