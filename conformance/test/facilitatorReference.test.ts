import { describe, expect, it } from "vitest";
import { startReferenceFacilitator } from "../peers/referenceFacilitator.js";
import { type Report, runConformance } from "../src/index.js";

// The whole facilitator target against the reference implementation (@x402/core + @x402/evm from npm), in process.
describe("facilitator target against the reference facilitator", () => {
  let report: Report;

  it("runs every facilitator case and reports them", { timeout: 180_000 }, async () => {
    report = await runConformance({ target: "facilitator", start: startReferenceFacilitator });
    expect(report.suite).toBe("x402-conformance");
    expect(report.target).toBe("facilitator");
    expect(report.chain.network).toBe("eip155:31337");
    expect(report.cases.length).toBeGreaterThanOrEqual(40);
    const { summary } = report;
    expect(summary.passed + summary.failed + summary.warned + summary.skipped).toBe(summary.total);
    for (const c of report.cases) {
      expect(["pass", "fail", "warn", "skip"]).toContain(c.status);
      if (c.status === "fail" || c.status === "skip") expect(c.message, c.id).toBeTruthy();
      if (c.status === "warn") expect(c.warnings.length, c.id).toBeGreaterThan(0);
    }
    console.log(`reference facilitator: ${JSON.stringify(summary)}`);
  });

  it("passes the known-good cases", () => {
    const status = (id: string) => report.cases.find((c) => c.id === id)?.status;
    for (const id of [
      "facilitator.supported.shape",
      "facilitator.supported.lists-network",
      "facilitator.verify.valid",
      "facilitator.verify.moves-no-money",
      "facilitator.verify.wrong-amount",
      "facilitator.verify.expired",
      "facilitator.verify.not-yet-valid",
      "facilitator.settle.success",
      "facilitator.settle.transaction-on-chain",
      "facilitator.settle.replay",
      "facilitator.settle.concurrent-duplicates",
      "facilitator.settle.expired-after-verify",
    ])
      expect(status(id), id).toBe("pass");
  });

  it("accepts the reference's reason aliases with a warning, not a failure", () => {
    const wrongRecipient = report.cases.find((c) => c.id === "facilitator.verify.wrong-recipient");
    expect(wrongRecipient?.status).toBe("warn");
    expect(wrongRecipient?.warnings[0]).toContain("invalid_exact_evm_recipient_mismatch");
  });
});
