import { describe, it } from "vitest";
import { x402kitFacilitatorCli } from "../peers/x402kitCommands.js";
import { startX402kitFacilitator } from "../peers/x402kitFacilitator.js";
import { expectEveryMustPasses, runAndReport } from "./conformanceRun.js";

// x402kit's facilitator: every MUST case passes; SHOULD, MAY and warnings are logged and land in the reports.
describe("facilitator target against x402kit", () => {
  it("the library behind createFacilitatorServer, in process", { timeout: 180_000 }, async () => {
    expectEveryMustPasses(
      await runAndReport(
        "x402kit-facilitator",
        { target: "facilitator", start: startX402kitFacilitator },
        {
          publish: {
            implementation: "x402kit",
            subject:
              "@x402kit/facilitator with exactEvmFacilitator, uptoEvmFacilitator and batchSettlementEvmFacilitator, in process (peers/x402kitFacilitator.ts)",
          },
        },
      ),
    );
  });

  it("the x402kit-facilitator CLI, as a command", { timeout: 180_000 }, async () => {
    expectEveryMustPasses(
      await runAndReport("x402kit-facilitator-cli", {
        target: "facilitator",
        command: x402kitFacilitatorCli,
      }),
      // The CLI does not serve batch-settlement (yet): its cases skip, as they do for any facilitator without it.
      { skips: /^facilitator\.batch-settlement\./ },
    );
  });
});
