import { describe, expect, it } from "vitest";
import { startReferenceFacilitator } from "../peers/referenceFacilitator.js";
import { startX402kitFacilitator } from "../peers/x402kitFacilitator.js";
import { expectEveryMustPasses, notPassing, runAndReport } from "./conformanceRun.js";

// The Solana cases of the facilitator target (`--family solana`, scheme_exact_svm.md): x402kit passes every MUST;
// the reference's results (@x402/core + @x402/svm 2.27.0 from npm) are pinned (README: "Results").
describe("facilitator target, Solana", () => {
  it("x402kit (@x402kit/svm behind createFacilitatorServer) passes every MUST case", {
    timeout: 180_000,
  }, async () => {
    const report = await runAndReport("x402kit-facilitator-solana", {
      target: "facilitator",
      family: "solana",
      start: startX402kitFacilitator,
    });
    expect(report.cases.length).toBeGreaterThanOrEqual(12);
    expectEveryMustPasses(report);
    expect(notPassing(report)).toEqual({});
  });

  it("the reference deviates exactly where the README says", { timeout: 180_000 }, async () => {
    const report = await runAndReport("reference-facilitator-solana", {
      target: "facilitator",
      family: "solana",
      start: startReferenceFacilitator,
    });
    expect(notPassing(report)).toEqual({});
  });
});
