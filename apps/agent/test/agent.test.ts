import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// `pnpm agent` runs this program; the test runs it as a user would (from the packages' sources) and reads its output.
const agentDir = fileURLToPath(new URL("..", import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

describe("pnpm agent", () => {
  it("pays an MCP tool and an HTTP API it found in the bazaar, within its budget, declines the call over it, reconciles, exits 0", async () => {
    const child = spawn(
      process.execPath,
      [tsxCli, "--disable-warning=ExperimentalWarning", "--conditions=source", "src/main.ts"],
      {
        cwd: agentDir,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code, output).toBe(0);
    expect(output).toMatch(/^reconciled: /m);
    expect(output).toMatch(
      /^1\. forecast: Lisbon: sunny, 21°C\n {3}from Weather Oracle \(0x[0-9a-fA-F]{40}\)\n {3}tx {3}0x[0-9a-f]{64}\n {3}cost \$0\.002000$/m,
    );
    // The HTTP API's URL came from the facilitator's bazaar: the URL it discovered is the one it paid for.
    const api = output.match(/^HTTP API {5}(http:\/\/127\.0\.0\.1:\d+) /m)?.[1];
    const discovered = output.match(/^discovered {3}(\S+) \(search "news headlines": 1 result\(s\)\)$/m)?.[1];
    expect(api, output).toBeDefined();
    expect(discovered, output).toBe(`${api}/headlines`);
    const paid = output.match(
      /^2\. GET (\S+): 2 headlines\n {3}from Today's news headlines \(0x[0-9a-fA-F]{40}\)\n {3}tx {3}0x[0-9a-f]{64}\n {3}cost \$0\.001000$/m,
    );
    expect(paid?.[1], output).toBe(discovered);
    expect(output).toMatch(
      /^3\. climate-report: declined \(payment_declined\)\n.*\n {3}tx {3}\(none\)\n {3}cost \$0\.000000$/m,
    );
    expect(output).toMatch(/^5\. ping: pong\n.*\n {3}tx {3}\(free\)/m);
    expect(output).toMatch(/spent \$0\.005000 of \$0\.010000 \(guard: \$0\.005000\); buyer -\$0\.005000/);
  });
});
