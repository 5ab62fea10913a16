import { describe, expect, it } from "vitest";
import { startReferenceFacilitator } from "../peers/referenceFacilitator.js";
import { startX402kitFacilitator } from "../peers/x402kitFacilitator.js";
import { countByLevel } from "../src/index.js";
import { expectEveryMustPasses, notPassing, runAndReport } from "./conformanceRun.js";

// The Solana cases of the facilitator target (`--family solana`, scheme_exact_svm.md) on the suite's litesvm chain:
// x402kit passes every MUST; the reference's results (@x402/core + @x402/svm 2.27.0 from npm) are pinned
// (README: "Results").
const solanaCounts = {
  MUST: { pass: 12, warn: 0, fail: 0, skip: 0, info: 0, total: 12 },
  SHOULD: { pass: 1, warn: 0, fail: 0, skip: 0, info: 0, total: 1 },
  MAY: { pass: 0, warn: 0, fail: 0, skip: 0, info: 0, total: 0 },
  INFO: { pass: 0, warn: 0, fail: 0, skip: 0, info: 0, total: 0 },
};

describe("facilitator target, Solana", () => {
  it("x402kit (@x402kit/svm behind createFacilitatorServer) passes every case", {
    timeout: 180_000,
  }, async () => {
    const report = await runAndReport(
      "x402kit-facilitator-solana",
      { target: "facilitator", family: "solana", start: startX402kitFacilitator },
      {
        publish: {
          implementation: "x402kit",
          subject:
            "@x402kit/facilitator with exactSvmFacilitator (@x402kit/svm), in process (peers/x402kitFacilitator.ts)",
        },
      },
    );
    expectEveryMustPasses(report);
    expect(notPassing(report)).toEqual({});
    expect(countByLevel(report.cases)).toEqual(solanaCounts);
  });

  it("the reference (@x402/svm) gives the pinned results", { timeout: 180_000 }, async () => {
    const report = await runAndReport(
      "reference-facilitator-solana",
      { target: "facilitator", family: "solana", start: startReferenceFacilitator },
      {
        publish: {
          implementation: "reference",
          subject:
            "@x402/core + @x402/svm 2.27.0 from npm (registerExactSvmScheme, toFacilitatorSvmSigner), same glue (peers/referenceFacilitator.ts)",
        },
      },
    );
    expect(notPassing(report)).toEqual({});
    expect(countByLevel(report.cases)).toEqual(solanaCounts);
  });
});
