import { CaseFailure, CaseSkipped } from "../context/CaseOutcome.js";
import { resolveSpecRef } from "../spec/resolveSpecRef.js";
import type { BaseContext, CaseResult, ConformanceCase } from "../types.js";

export type RunCaseParameters = {
  definition: ConformanceCase;
  /** Builds the role's context around the case's `warn` and `skip`. */
  context: (hooks: Pick<BaseContext, "warn" | "skip" | "inform">) => BaseContext;
  defaultTimeoutMs?: number;
};

/**
 * Runs one case with its timeout and turns what happened into a result: fail beats warn beats pass. An INFO case
 * that ran to its end is `info`, whatever it observed.
 */
export async function runCase({
  definition,
  context,
  defaultTimeoutMs = 30_000,
}: RunCaseParameters): Promise<CaseResult> {
  const warnings: string[] = [];
  const observations: string[] = [];
  const started = performance.now();
  const hooks = {
    warn: (message: string) => {
      warnings.push(message);
    },
    inform: (message: string) => {
      observations.push(message);
    },
    skip: (reason: string): never => {
      throw new CaseSkipped(reason);
    },
  };
  const timeoutMs = definition.timeoutMs ?? defaultTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  let status: CaseResult["status"];
  let message: string | undefined;
  try {
    await Promise.race([
      definition.run(context(hooks) as never),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new CaseFailure(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    status = definition.level === "INFO" ? "info" : warnings.length > 0 ? "warn" : "pass";
  } catch (error) {
    if (error instanceof CaseSkipped) {
      status = "skip";
      message = error.message;
    } else {
      status = "fail";
      message =
        error instanceof CaseFailure
          ? error.message
          : `unexpected error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
    }
  } finally {
    clearTimeout(timer);
  }
  return {
    id: definition.id,
    section: definition.spec.join("; "),
    // loadCases refuses a case whose citations do not resolve, so every one does here.
    spec: definition.spec.flatMap((ref) => resolveSpecRef(ref) ?? []),
    ...(definition.rationale === undefined ? {} : { rationale: definition.rationale }),
    level: definition.level,
    role: definition.role,
    description: definition.description,
    status,
    durationMs: Math.round(performance.now() - started),
    ...(message === undefined ? {} : { message }),
    warnings,
    observations,
  };
}
