import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type PublishedResult, publishedResultSchema } from "../report/toPublishedResult.js";

/** Every published result (`<directory>/<implementation>/*.json`), validated, in a stable order. */
export async function readPublishedResults(directory: string): Promise<PublishedResult[]> {
  const results: PublishedResult[] = [];
  for (const entry of (await readdir(directory, { withFileTypes: true })).filter((e) => e.isDirectory()))
    for (const file of (await readdir(path.join(directory, entry.name)))
      .filter((f) => f.endsWith(".json"))
      .sort()) {
      const where = path.join(directory, entry.name, file);
      const parsed = publishedResultSchema.safeParse(JSON.parse(await readFile(where, "utf8")));
      if (!parsed.success) throw new Error(`${where} is not a published result: ${parsed.error.message}`);
      results.push(parsed.data);
    }
  return results;
}

/** Where a result is published: `<implementation>/<target>[-solana].json`, lower case. */
export function publishedResultPath(
  result: Pick<PublishedResult, "implementation" | "target" | "family">,
): string {
  return path.join(
    result.implementation.toLowerCase(),
    `${result.target}${result.family === "solana" ? "-solana" : ""}.json`,
  );
}
