import type { ChannelFigure, Figure, GasFigure, Overhead, Target } from "./benchResultsSchema.js";

export type EvaluateTargetsParameters = {
  figures: readonly Figure[];
  overhead: Partial<Record<string, Overhead>>;
  gas?: GasFigure | undefined;
  channels?: Partial<Record<string, ChannelFigure>> | undefined;
};

const measured = (figure: Figure | undefined, side: "x402kit" | "reference") => {
  const result = figure?.results[side];
  return result && !("error" in result) ? result : undefined;
};

/** The targets, each with the value found and, when it is not met, why. */
export function evaluateTargets(parameters: EvaluateTargetsParameters): Target[] {
  const { figures, overhead, gas, channels } = parameters;
  /** A single-settlement figure on the participant's shared facilitator. */
  const find = (scenario: string, concurrency: number, mining?: string) =>
    figures.find(
      (f) =>
        f.scenario === scenario &&
        f.parameters.concurrency === concurrency &&
        f.parameters.settlement !== "batch" &&
        f.parameters.store === undefined &&
        (mining === undefined || f.parameters.mining === mining),
    );
  /** x402kit's paid automine C = 32 figures on `store`, their rounds as one: successes per second of their time. */
  const storeRounds = (store: "memory" | "sqlite") => {
    const rounds = figures
      .filter(
        (f) =>
          f.scenario === "paid" &&
          f.parameters.store === store &&
          f.parameters.mining === "automine" &&
          f.parameters.concurrency === 32,
      )
      .map((f) => measured(f, "x402kit"));
    if (rounds.length === 0 || rounds.some((r) => r === undefined)) return undefined;
    const measuredRounds = rounds as NonNullable<(typeof rounds)[number]>[];
    const seconds = measuredRounds.reduce((sum, r) => sum + r.durationMs, 0) / 1000;
    const successes = measuredRounds.reduce((sum, r) => sum + r.successes, 0);
    return {
      rounds: measuredRounds.length,
      throughput: seconds > 0 ? Math.round((successes / seconds) * 100) / 100 : 0,
      failures: measuredRounds.reduce((sum, r) => sum + r.failures, 0),
      exact: measuredRounds.every((r) => r.balances?.exact !== false),
    };
  };
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

  // Issue 16: the CLI's default store (SQLite) against the memory store, automine, C = 32, both x402kit, each on a
  // facilitator of its own warmed alike, over all their rounds.
  const memory = storeRounds("memory");
  const sqlite = storeRounds("sqlite");
  const storeCost =
    memory && sqlite && memory.throughput > 0
      ? Math.round((1 - sqlite.throughput / memory.throughput) * 1000) / 10
      : null;
  targets.push({
    id: "sqlite-cost-automine-c32",
    description:
      "paid requests, automine, concurrency 32: SQLite store's throughput below the memory store's",
    target: "< 10% less, 0 failures, balances exact",
    value: storeCost,
    met:
      storeCost === null || !sqlite
        ? null
        : storeCost < 10 && sqlite.failures === 0 && sqlite.exact && memory?.exact !== false,
    note:
      memory && sqlite
        ? `SQLite ${sqlite.throughput}/s (${sqlite.failures} failed) vs memory ${memory.throughput}/s, ${sqlite.rounds} rounds each`
        : "not measured",
  });

  // Issue 16, exact at scale: 1 s blocks, closed loop, the ceiling is C paid requests per block time.
  const scale = (concurrency: number, setup: "defaults" | "throughput") =>
    figures.find(
      (f) =>
        f.scenario === "scale" && f.parameters.concurrency === concurrency && f.parameters.setup === setup,
    );
  const scaleTarget = (
    id: string,
    description: string,
    target: string,
    figure: Figure | undefined,
    judge: (throughput: number, ceiling: number) => { value: number; met: boolean },
  ) => {
    const ours = measured(figure, "x402kit");
    const theirs = measured(scale(Number(figure?.parameters.concurrency), "defaults"), "reference");
    if (!figure || !ours) {
      targets.push({ id, description, target, value: null, met: null, note: "x402kit not measured" });
      return;
    }
    const concurrency = Number(figure.parameters.concurrency);
    const ceiling = concurrency / (Number(figure.parameters.blockMs) / 1000);
    const { value, met } = judge(ours.throughput, ceiling);
    const clean = ours.failures === 0 && ours.balances?.exact === true;
    targets.push({
      id,
      description,
      target,
      value,
      met: met && clean,
      note:
        `${ours.throughput}/s of a ceiling of ${ceiling}/s, ${ours.failures} failed, balances ` +
        `${ours.balances?.exact ? "exact" : "not exact"}; reference ` +
        (theirs
          ? `${theirs.throughput}/s with ${theirs.failures} of ${theirs.count} failed`
          : "not measured"),
    });
  };
  scaleTarget(
    "scale-c32-defaults",
    "paid requests, 1 s blocks, concurrency 32, x402kit's defaults (SQLite store, one signer)",
    ">= 0.9 of the ceiling (C per block time), 0 failures, balances exact",
    scale(32, "defaults"),
    (throughput, ceiling) => {
      const value = Math.round((throughput / ceiling) * 100) / 100;
      return { value, met: value >= 0.9 };
    },
  );
  scaleTarget(
    "scale-c256-high-throughput",
    "paid requests, 1 s blocks, concurrency 256, x402kit's high-throughput configuration",
    ">= 200 per second, 0 failures, balances exact",
    scale(256, "throughput"),
    (throughput) => ({ value: throughput, met: throughput >= 200 }),
  );

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
  // Issue 16, the batch-settlement scheme.
  const channel = channels?.["x402kit"];
  const referenceChannel = channels?.["reference"];
  targets.push({
    id: "channel-overhead-c1",
    description: "a paid request over an open channel minus the same route unpaid, median of pairs, C = 1",
    target: "<= 1 ms",
    value: channel?.overheadMedian ?? null,
    met: channel?.overheadMedian == null ? null : channel.overheadMedian <= 1,
    note: channel ? `reference ${referenceChannel?.overheadMedian ?? "n/a"} ms` : "x402kit not measured",
  });
  const c32 = figures.find((f) => f.scenario === "channel" && f.parameters.concurrency === 32);
  const c32Ours = measured(c32, "x402kit");
  const c32Theirs = measured(c32, "reference");
  targets.push({
    id: "channel-c32",
    description: "paid requests over open channels, 1 s blocks, concurrency 32",
    target: ">= 1000 per second, 0 failures, balances exact",
    value: c32Ours?.throughput ?? null,
    met: c32Ours
      ? c32Ours.throughput >= 1000 && c32Ours.failures === 0 && c32Ours.balances?.exact === true
      : null,
    note: c32Ours
      ? `${c32Ours.failures} failed, balances ${c32Ours.balances?.exact ? "exact" : "not exact"}; reference ` +
        (c32Theirs ? `${c32Theirs.throughput}/s, ${c32Theirs.failures} failed` : "not measured")
      : "x402kit not measured",
  });
  const ratio =
    channel?.gasPerRequest && gas
      ? Math.round((gas.singleGasPerPayment / channel.gasPerRequest) * 10) / 10
      : null;
  targets.push({
    id: "channel-gas",
    description: "gas per paid request: exact (one transferWithAuthorization) over batch-settlement",
    target: ">= 50x less at 1000 requests per claim",
    value: ratio,
    met: ratio === null || !channel ? null : channel.requestsPerClaim >= 1000 && ratio >= 50,
    note: channel
      ? `${channel.gasPerRequest ?? "n/a"} gas per request at ${channel.requestsPerClaim} per claim vs ` +
        `${gas?.singleGasPerPayment ?? "n/a"} exact; reference ${referenceChannel?.gasPerRequest ?? "n/a"}`
      : "x402kit not measured",
  });
  return targets;
}
