import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The README's first command runs this program; CI runs it here too, as a new user would, and reads its summary.
const demoDir = fileURLToPath(new URL("..", import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

describe("pnpm demo", () => {
  it("pays for every route, reconciles the balances, exits 0 and leaves nothing running", async () => {
    const child = spawn(
      process.execPath,
      [tsxCli, "--disable-warning=ExperimentalWarning", "--conditions=source", "src/main.ts"],
      { cwd: demoDir, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code, output).toBe(0);
    expect(output).toMatch(/^reconciled: /m);
    expect(output).toMatch(/POST \/llm\s+upto \$0\.05\s+200/);
    expect(output).toMatch(/GET \/report\s+.*\s+200\s+0\.020000 PUSD/);
    expect(output).toMatch(/GET \/news \(no client\)\s+\$0\.01\s+402/);
    // Every paid row carries a settled transaction hash.
    expect(output.match(/ 200 .* 0x[0-9a-f]{8}…[0-9a-f]{6} /g)?.length).toBe(7);
  });
});
