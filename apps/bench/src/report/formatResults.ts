import type { BenchResults, FigureResult } from "./benchResultsSchema.js";

const fixed = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined ? "-" : value.toFixed(digits);

const side = (result: FigureResult | undefined): string[] => {
  if (!result) return ["-", "-", "-", "-"];
  if ("error" in result) return ["error", "", "", ""];
  const failures =
    result.balances && !result.balances.exact ? `${result.failures} (bal!)` : String(result.failures);
  return [fixed(result.median), fixed(result.p99), fixed(result.throughput, 1), failures];
};

const table = (header: string[], rows: string[][]) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
};

/**
 * The results as plain-text tables: latency (ms) and throughput (per s) of each figure for both implementations
 * with the ratios, the middleware overhead, the facilitators' memory, the targets and the failure reasons.
 */
export function formatResults(results: BenchResults): string {
  const figureRows = results.figures.map((figure) => [
    figure.name,
    ...side(figure.results.x402kit),
    ...side(figure.results.reference),
    fixed(figure.ratio.throughput),
    fixed(figure.ratio.median),
  ]);
  const parts = [
    `x402kit bench (${results.mode}), ${results.startedAt}, ${results.machine.nproc} cores ${results.machine.cpuModel}`,
    ...cpuProbeLine(results.machine.cpuProbe),
    "",
    table(
      [
        "figure (latency ms, throughput /s)",
        "x402kit med",
        "p99",
        "thr",
        "fail",
        "ref med",
        "p99",
        "thr",
        "fail",
        "thr x/ref",
        "med x/ref",
      ],
      figureRows,
    ),
  ];

  const overheadRows = Object.entries(results.overhead).map(([name, o]) => [
    name,
    fixed(o.bareMedian, 3),
    fixed(o.unpaidMedian, 3),
    fixed(o.overheadMedian, 3),
  ]);
  if (overheadRows.length > 0)
    parts.push("", table(["middleware overhead", "bare med ms", "402 med ms", "overhead ms"], overheadRows));

  const memoryRows = Object.entries(results.memory).map(([name, m]) => [
    name,
    fixed(m.idleRssMb, 1),
    fixed(m.peakRssVerifyMb, 1),
    fixed(m.peakRssPaidMb, 1),
  ]);
  if (memoryRows.length > 0)
    parts.push("", table(["facilitator RSS (MB)", "idle", "peak verify", "peak paid"], memoryRows));

  if (results.gas)
    parts.push(
      "",
      table(
        ["gas per payment (x402kit)", "single", `batched (${results.gas.batchSize})`, "saving"],
        [
          [
            "transferWithAuthorization",
            String(results.gas.singleGasPerPayment),
            String(results.gas.batchedGasPerPayment),
            `${results.gas.savingPercent}%`,
          ],
        ],
      ),
    );

  const channelRows = Object.entries(results.channels ?? {}).map(([name, c]) => [
    name,
    fixed(c.overheadMedian, 3),
    c.gasPerRequest === null ? (c.error ? "error" : "-") : String(c.gasPerRequest),
    String(c.requestsPerClaim),
  ]);
  if (channelRows.length > 0)
    parts.push(
      "",
      table(
        ["batch-settlement", "paid - unpaid med ms", "gas per request", "requests per claim"],
        channelRows,
      ),
    );

  parts.push(
    "",
    table(
      ["target", "wanted", "value", "met", "note"],
      results.targets.map((t) => [
        t.id,
        t.target,
        fixed(t.value),
        t.met === null ? "n/a" : t.met ? "yes" : "NO",
        t.note,
      ]),
    ),
  );

  const failures: string[] = [];
  for (const figure of results.figures)
    for (const [name, result] of Object.entries(figure.results)) {
      if (!result) continue;
      if ("error" in result) failures.push(`${name} ${figure.name}: ${result.error}`);
      else for (const e of result.errors) failures.push(`${name} ${figure.name}: ${e.count}x ${e.message}`);
      if (result && !("error" in result) && result.balances && !result.balances.exact)
        failures.push(
          `${name} ${figure.name}: balances moved ${result.balances.buyerPaid} (buyer) / ` +
            `${result.balances.payToReceived} (payee), expected ${result.balances.expected}`,
        );
    }
  for (const [name, info] of Object.entries(results.implementations))
    if (info?.error) failures.unshift(`${name}: ${info.error}`);
  if (failures.length > 0) parts.push("", "failures:", ...failures.map((f) => `  ${f}`));
  return parts.join("\n");
}

/** The CPU probes of the run, one line (none for results that predate them). */
function cpuProbeLine(probes: BenchResults["machine"]["cpuProbe"]): string[] {
  if (!probes?.length) return [];
  const values = probes.map((probe) => probe.usPerHash);
  return [
    `CPU probe (µs per keccak256, lower is faster): ${Math.min(...values)} to ${Math.max(...values)} (${probes
      .map((probe) => `${probe.scenario} ${probe.usPerHash}`)
      .join(", ")})`,
  ];
}
