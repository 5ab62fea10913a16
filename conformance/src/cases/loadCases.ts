import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ConformanceError } from "../errors/ConformanceError.js";
import { resolveSpecRef } from "../spec/resolveSpecRef.js";
import type { ConformanceCase, Role } from "../types.js";

export const roles = [
  "facilitator",
  "server",
  "client",
  "mcp-server",
  "mcp-client",
] as const satisfies readonly Role[];

/** What every case must declare (README: "Adding a case"). */
export const caseSchema = z.object({
  id: z
    .string()
    .regex(
      /^(facilitator|server|client|mcp-server|mcp-client)\.[a-z0-9-]+(\.[a-z0-9-]+)+$/,
      "must be <role>.<area>.<what>",
    ),
  spec: z
    .array(
      z.string().refine((ref) => resolveSpecRef(ref) !== undefined, {
        error: (issue) => `"${String(issue.input)}" names no section of src/spec/specSections.ts`,
      }),
    )
    .min(1, "must cite at least one spec section"),
  rationale: z.string().min(20).optional(),
  level: z.enum(["MUST", "SHOULD", "MAY", "INFO"]),
  role: z.enum(roles),
  description: z.string().min(10).max(160),
  family: z.enum(["eip155", "solana"]).optional(),
  movesClock: z.boolean().optional(),
  refused: z.boolean().optional(),
  timeoutMs: z.number().int().positive().optional(),
  run: z.custom<ConformanceCase["run"]>((value) => typeof value === "function", "must be a function"),
});

const isCaseFile = (name: string) =>
  !name.startsWith("_") &&
  !name.includes(".test.") &&
  !name.endsWith(".d.ts") &&
  (name.endsWith(".ts") || name.endsWith(".js"));

/**
 * Loads every case: each file in `cases/<role>/` default-exports one `defineCase({...})`. Adding a case is adding a
 * file. Cases come back sorted by id; ids are unique and each case sits in its role's folder.
 */
export async function loadCases(options: { roles?: readonly Role[] } = {}): Promise<ConformanceCase[]> {
  const cases: ConformanceCase[] = [];
  for (const role of options.roles ?? roles) {
    const directory = new URL(`./${role}/`, import.meta.url);
    const files = (await readdir(fileURLToPath(directory))).filter(isCaseFile).sort();
    for (const file of files) {
      const module = (await import(new URL(file, directory).href)) as { default?: unknown };
      const parsed = caseSchema.safeParse(module.default);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ConformanceError(
          "no_cases",
          `cases/${role}/${file}: ${issue?.path.join(".")} ${issue?.message}`,
        );
      }
      if (parsed.data.role !== role) {
        throw new ConformanceError("no_cases", `cases/${role}/${file} declares role ${parsed.data.role}`);
      }
      cases.push(module.default as ConformanceCase);
    }
  }
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new ConformanceError("no_cases", `duplicate case id ${c.id}`);
    seen.add(c.id);
  }
  return cases.sort((a, b) => a.id.localeCompare(b.id));
}
