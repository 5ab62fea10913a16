import type { Figure, GasFigure, Overhead, Target } from "./benchResultsSchema.js";

export type EvaluateTargetsParameters = {
  figures: readonly Figure[];
  overhead: Partial<Record<string, Overhead>>;
  gas?: GasFigure | undefined;
};

const measured = (figure: Figure | undefined, side: "x402kit" | "reference") => {
  const result = figure?.results[side];
  return result && !("error" in result) ? result : undefined;
};

/** The targets, each with the value found and, when it is not met, why. */
export function evaluateTargets(parameters: EvaluateTargetsParameters): Target[] {
  const { figures, overhead, gas } = parameters;
  const find = (scenario: string, concurrency: number, mining?: string) =>
    figures.find(
      (f) =>
        f.scenario === scenario &&
        f.parameters.concurrency === concurrency &&
        f.parameters.settlement !== "batch" &&
        (mining === undefined || f.parameters.mining === mining),
    );
  const targets: Target[] = [];

  const verify = find("verify", 16);
  const verifyOurs = measured(verify, "x402kit");
  const verifyTheirs = measured(verify, "reference");
  targets.push({
    id: "verify-throughput-c16",
    description: "facilitator POST /verify throughput at concurrency 16",
    target: ">= 3x reference",
    value: verify?.ratio.throughput ?? null,
    met: verify?.ratio.throughput == null ? null : verify.ratio.throughput >= 3,
    note: !verifyOurs
      ? "x402kit not measured"
      : !verifyTheirs
        ? "reference not measured"
        : `${verifyOurs.throughput}/s vs ${verifyTheirs.throughput}/s`,
  });

  const paid = find("paid", 32, "interval");
  const paidOurs = measured(paid, "x402kit");
  const paidTheirs = measured(paid, "reference");
  let paidMet: boolean | null = null;
  let paidNote = "x402kit not measured";
  if (paidOurs) {
    const clean = paidOurs.failures === 0 && paidOurs.balances?.exact !== false;
    if (!paidTheirs) paidNote = "reference not measured";
    else if (paidTheirs.throughput === 0) {
      paidMet = clean && paidOurs.throughput > 0;
      paidNote = `reference completed no paid request (${paidTheirs.failures} failed); x402kit ${paidOurs.throughput}/s`;
    } else {
      paidMet = clean && (paid?.ratio.throughput ?? 0) >= 10;
      paidNote = `${paidOurs.throughput}/s vs ${paidTheirs.throughput}/s`;
    }
    paidNote += `; x402kit failures ${paidOurs.failures}, balances ${paidOurs.balances?.exact ? "exact" : "not exact"}`;
  }
  targets.push({
    id: "paid-1s-blocks-c32",
    description: "paid requests with 1 s blocks at concurrency 32",
    target: "0 failures and >= 10x reference throughput",
    value: paid?.ratio.throughput ?? null,
    met: paidMet,
    note: paidNote,
  });

  const ours = overhead["x402kit"];
  targets.push({
    id: "middleware-overhead",
    description: "median 402 of an unpaid request over the bare route (x402kit)",
    target: "< 1 ms",
    value: ours?.overheadMedian ?? null,
    met: ours?.overheadMedian == null ? null : ours.overheadMedian < 1,
    note: ours
      ? `402 ${ours.unpaidMedian} ms vs bare ${ours.bareMedian} ms; reference overhead ${overhead["reference"]?.overheadMedian ?? "n/a"} ms`
      : "x402kit not measured",
  });

  targets.push({
    id: "batch-settlement-gas",
    description: "gas per payment, batch settlement of 50, below a single transferWithAuthorization",
    target: ">= 30% less",
    value: gas?.savingPercent ?? null,
    met: gas ? gas.batchSize >= 50 && gas.savingPercent >= 30 : null,
    note: gas
      ? `${gas.batchedGasPerPayment} gas batched (${gas.batchSize}) vs ${gas.singleGasPerPayment} single`
      : "not measured",
  });
  return targets;
}
