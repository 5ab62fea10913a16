import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The README's first command runs this program; CI runs it here too, as a new user would, and reads its output.
// One run with --keep covers both ends: the full output, then what stays up, then Ctrl-C stops all of it.
const demoDir = fileURLToPath(new URL("..", import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
const hash = "0x[0-9a-f]{64}";

describe("pnpm demo --keep", () => {
  it("pays for every route, explains each payment, reconciles, stays up, and stops everything on Ctrl-C", async () => {
    const child = spawn(
      process.execPath,
      [tsxCli, "--disable-warning=ExperimentalWarning", "--conditions=source", "src/main.ts", "--keep"],
      { cwd: demoDir, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const kept = new Promise<void>((resolve) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (/^ {2}buyer key .*\n/m.test(output)) resolve(); // the last line --keep prints
      };
      child.stdout.on("data", read);
      child.stderr.on("data", read);
    });
    try {
      await Promise.race([kept, exited.then(() => expect.fail(`the demo exited early:\n${output}`))]);

      // Each paid row names its method and the full hash of a successful transaction, with its gas.
      const paid = (method: string) =>
        output.match(new RegExp(`^\\S+ /\\S*\\s+${method}\\s+.+\\s200\\s+.+\\s${hash}$`, "gm")) ?? [];
      expect(paid("EIP-3009"), output).toHaveLength(4);
      expect(paid("upto \\(Permit2\\) \\+ EIP-2612 permit"), output).toHaveLength(2);
      expect(paid("Permit2 \\+ EIP-2612 permit"), output).toHaveLength(1);
      expect(output).toMatch(
        /^GET \/report\s+Permit2 \+ EIP-2612 permit\s+0\.02 PUSD\s+200\s+0\.020000 PUSD/m,
      );
      expect(output).toMatch(/^GET \/news \(plain fetch\)\s+-\s+\$0\.01\s+402/m);
      // The front door: prices from the request, repeat access by sign-in-with-x, an API found by discovery.
      expect(output).toMatch(/^ {2}POST \/store \(3000 B\)\s+0\.003000 USDC$/m);
      expect(output).toMatch(/^ {2}GET \/search\?rows=5\s+0\.005000 USDC$/m);
      expect(output).toMatch(
        /^ {2}signed in, not entitled: paid once {2}GET \/article {2}\$0\.01 {2}0x[0-9a-f]{64}$/m,
      );
      expect(output).toMatch(
        /^ {2}signed in, entitled\s+GET \/article {2}200, no payment, balance unchanged/m,
      );
      expect(output).toMatch(/^ {2}same proof again\s+401 invalid_siwx_nonce_used$/m);
      expect(output).toMatch(/^ {2}called\s+http:\S+\/search\?q=x402&rows=2 {2}200, paid 2000 units$/m);
      expect(output).toMatch(/^reconciled: 13 payments, every change equals the receipts/m);
      // One payment on Solana too: its row names the full transaction signature (base58).
      expect(output).toMatch(
        /^GET \/solana\/weather\s+TransferChecked\s+\$0\.001\s+200\s+0\.001000 USDC\s+[1-9A-HJ-NP-Za-km-z]{64,88}$/m,
      );
      expect(output).toMatch(/^reconciled on Solana: the buyer paid 0\.001000 USDC and no SOL/m);
      expect(output).toMatch(
        /^facilitator 0x[0-9a-fA-F]{40} sent 13 transactions \(13 settlements\), none reverted;$/m,
      );
      expect(output).toMatch(/gas [\d,]+ units, [\d.]+ ETH .*exactly what its ETH balance lost$/m);

      // --keep: the API, the facilitator and the chain answer until Ctrl-C.
      const urls = {
        api: output.match(/^ {2}curl -i (\S+)\/weather/m)?.[1],
        facilitator: output.match(/^ {2}curl (\S+)\/supported/m)?.[1],
        rpc: output.match(/^rpc\s+(\S+)/m)?.[1],
      };
      expect((await fetch(`${urls.api}/weather`)).status).toBe(402);
      expect((await fetch(`${urls.facilitator}/supported`)).status).toBe(200);
      const blockNumber = async () =>
        fetch(urls.rpc!, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
        });
      expect((await blockNumber()).status).toBe(200);

      child.kill("SIGINT");
      expect(await exited, output).toBe(0);
      // Nothing is left listening.
      for (const attempt of [() => fetch(`${urls.api}/weather`), () => fetch(urls.facilitator!), blockNumber])
        await expect(attempt()).rejects.toThrow();
    } finally {
      child.kill("SIGKILL");
    }
  });
});
