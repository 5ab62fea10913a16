/**
 * pnpm bench [--quick] [--only=verify,paid,...] [--impl=x402kit|reference] [--out=path]
 *
 * x402kit against the reference x402 packages, side by side on one local chain. Prints the tables and writes the
 * results as JSON (default apps/bench/results/latest.json).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { implementationNames } from "./adapters/implementations.js";
import { BenchError } from "./harness/BenchError.js";
import { formatResults } from "./report/formatResults.js";
import { runBench, scenarioNames } from "./runBench.js";

const argsSchema = z.object({
  quick: z.boolean(),
  only: z.array(z.enum(scenarioNames)).optional(),
  impl: z.array(z.enum(implementationNames as ["x402kit", "reference"])).optional(),
  out: z.string().optional(),
});

function parseArgs(argv: readonly string[]) {
  const raw: Record<string, unknown> = { quick: false };
  for (const arg of argv) {
    if (arg === "--") continue;
    const match = /^--(quick|only|impl|out)(?:=(.*))?$/.exec(arg);
    if (!match) throw new BenchError("invalid_arguments", `Unknown argument "${arg}".`);
    const [, key, value] = match;
    raw[key!] = key === "quick" ? true : key === "out" ? value : value?.split(",").filter(Boolean);
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success)
    throw new BenchError("invalid_arguments", `Invalid arguments: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

try {
  const args = parseArgs(process.argv.slice(2));
  const results = await runBench({
    mode: args.quick ? "quick" : "full",
    implementations: args.impl,
    scenarios: args.only,
    log: (line) => console.log(line),
  });
  const out = resolve(packageDir, args.out ?? "results/latest.json");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `\n${formatResults(results)}\n\nresults written to ${out} in ${(results.durationMs / 1000).toFixed(1)} s`,
  );
  // A figure that could not be taken at all is a broken benchmark; unmet targets are results, not errors.
  const broken = results.figures.some((figure) =>
    Object.values(figure.results).some((r) => r && "error" in r),
  );
  const unloaded = Object.values(results.implementations).some((i) => i?.error);
  process.exit(broken || unloaded ? 1 : 0);
} catch (error) {
  console.error("bench failed:", error);
  process.exit(1);
}
