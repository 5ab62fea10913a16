import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { grantTraversal } from "./grantTraversal.js";

const root = await mkdtemp(join(tmpdir(), "x402kit-traversal-"));
afterAll(() => rm(root, { recursive: true, force: true }));

describe("grantTraversal", () => {
  it("adds o+x to private ancestors only, and restores them", async () => {
    const hidden = join(root, "private");
    const inner = join(hidden, "inner");
    await mkdir(inner, { recursive: true, mode: 0o700 });
    const file = join(inner, "binary");
    await writeFile(file, "");
    const modeOf = async (path: string) => (await stat(path)).mode & 0o777;
    const before = await modeOf(hidden);
    const grant = await grantTraversal(file);
    expect(grant.changed).toContain(hidden);
    expect(await modeOf(hidden)).toBe(before | 0o001);
    expect((await modeOf(hidden)) & 0o004).toBe(0); // traversal only, never read
    await grant.restore();
    expect(await modeOf(hidden)).toBe(before);
  });

  // Several test files and packages start servers at once: one releasing must not hide the binaries from another.
  it("keeps the bit while another grant still holds it, and restores it after the last", async () => {
    const hidden = join(root, "shared");
    await mkdir(hidden, { mode: 0o700 });
    const file = join(hidden, "binary");
    await writeFile(file, "");
    const modeOf = async (path: string) => (await stat(path)).mode & 0o777;
    const grants = await Promise.all([grantTraversal(file), grantTraversal(file), grantTraversal(file)]);
    for (const grant of grants) expect(grant.changed).toContain(hidden);
    await grants[0]?.restore();
    await grants[1]?.restore();
    expect(await modeOf(hidden)).toBe(0o701);
    await grants[2]?.restore();
    expect(await modeOf(hidden)).toBe(0o700);
  });
});
