import { describe, expect, it } from "vitest";
import { x402kitClientCommand } from "../peers/x402kitCommands.js";
import { expectEveryMustPasses, notPassing, runAndReport } from "./conformanceRun.js";

// x402kit's wrapFetch client, run as a command once per case: every MUST case passes.
describe("client target against x402kit", () => {
  it("wrapFetch, every client case", { timeout: 180_000 }, async () => {
    expectEveryMustPasses(
      await runAndReport(
        "x402kit-client",
        { target: "client", command: x402kitClientCommand },
        {
          publish: {
            implementation: "x402kit",
            subject:
              "@x402kit/client's wrapFetch with exactEvmClient, a command per case (peers/x402kitClient.ts)",
          },
        },
      ),
    );
  });

  it("wrapFetch pays a v1 server on a chain v1 can name (base-sepolia's id)", {
    timeout: 60_000,
  }, async () => {
    const report = await runAndReport("x402kit-client-v1", {
      target: "client",
      command: x402kitClientCommand,
      chainId: 84532,
      only: ["client.v1"],
    });
    expect(notPassing(report)).toEqual({});
  });
});
