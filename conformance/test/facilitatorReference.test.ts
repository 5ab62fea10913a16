import { describe, expect, it } from "vitest";
import { startReferenceFacilitator } from "../peers/referenceFacilitator.js";
import { countByLevel, type Report } from "../src/index.js";
import { notPassing, runAndReport } from "./conformanceRun.js";

// The whole facilitator target against the reference implementation (@x402/core + @x402/evm from npm), in process.
// Its results are pinned: a change in the suite or in the reference shows up here (README: "Results").
describe("facilitator target against the reference facilitator", () => {
  let report: Report;

  it("runs every facilitator case and reports them", { timeout: 180_000 }, async () => {
    report = await runAndReport(
      "reference-facilitator",
      { target: "facilitator", start: startReferenceFacilitator },
      {
        publish: {
          implementation: "reference",
          subject:
            "@x402/core + @x402/evm 2.27.0 from npm (exact, upto, batch-settlement), behind the thin HTTP glue of peers/referenceFacilitator.ts",
        },
      },
    );
    expect(report.suite).toBe("x402-conformance");
    expect(report.target).toBe("facilitator");
    expect(report.chain.network).toBe("eip155:31337");
    for (const c of report.cases) {
      if (c.status === "fail" || c.status === "skip") expect(c.message, c.id).toBeTruthy();
      if (c.status === "warn") expect(c.warnings.length, c.id).toBeGreaterThan(0);
    }
  });

  it("gives the known counts: 59 cases, 4 MUST failures", () => {
    expect(countByLevel(report.cases)).toEqual({
      MUST: { pass: 20, warn: 16, fail: 4, skip: 0, info: 0, total: 40 },
      SHOULD: { pass: 5, warn: 2, fail: 6, skip: 2, info: 0, total: 15 },
      MAY: { pass: 2, warn: 0, fail: 1, skip: 1, info: 0, total: 4 },
      INFO: { pass: 0, warn: 0, fail: 0, skip: 0, info: 1, total: 1 },
    });
  });

  it("deviates exactly where the README says", () => {
    const aliases = [
      // batch-settlement: a repeated claim is sent as a transaction that claims nothing (nothing is credited twice).
      "facilitator.batch-settlement.claim-sweep-refund",
      "facilitator.permit2.rejects-terms",
      "facilitator.settle.cancelled-authorization",
      "facilitator.settle.insufficient-balance",
      "facilitator.settle.unverified-bad-signature",
      "facilitator.settle.unverified-wrong-recipient",
      "facilitator.verify.bad-signature",
      "facilitator.verify.cancelled-nonce",
      "facilitator.verify.insufficient-balance",
      "facilitator.verify.network-mismatch",
      "facilitator.verify.tampered-authorization",
      "facilitator.verify.used-nonce",
      "facilitator.verify.wrong-chain",
      "facilitator.verify.wrong-domain-name",
      "facilitator.verify.wrong-domain-version",
      "facilitator.verify.wrong-recipient",
      "facilitator.verify.wrong-signer",
      "facilitator.verify.wrong-token",
    ];
    const failures = [
      "facilitator.permit2.settle-success",
      "facilitator.settle.concurrent-distinct",
      "facilitator.settle.response-fields",
      "facilitator.settle.unknown-network",
      "facilitator.verify.accepted-mismatch",
      "facilitator.verify.bad-version",
      "facilitator.verify.malformed-body",
      "facilitator.verify.missing-authorization",
      "facilitator.verify.smart-wallet",
      "facilitator.verify.unknown-network",
      "facilitator.verify.unknown-scheme",
    ];
    expect(notPassing(report)).toEqual({
      ...Object.fromEntries(aliases.map((id) => [id, "warn"])),
      ...Object.fromEntries(failures.map((id) => [id, "fail"])),
      "facilitator.verify.v1-payment": "skip",
      // bazaar: the reference facilitator announces no discovery catalog, so its cases skip.
      "facilitator.bazaar.catalogs-settled": "skip",
      "facilitator.bazaar.discovery-shape": "skip",
    });
  });

  it("accepts the reference's reason aliases with a warning, not a failure", () => {
    const wrongRecipient = report.cases.find((c) => c.id === "facilitator.verify.wrong-recipient");
    expect(wrongRecipient?.warnings[0]).toContain("invalid_exact_evm_recipient_mismatch");
    const permit2Terms = report.cases.find((c) => c.id === "facilitator.permit2.rejects-terms");
    expect(permit2Terms?.warnings[0]).toContain("permit2_amount_mismatch");
  });

  it("answers a Permit2 replay with its transaction error, not a reason code", () => {
    const settle = report.cases.find((c) => c.id === "facilitator.permit2.settle-success");
    expect(settle?.message).toContain('got "invalid_exact_evm_transaction_failed: ');
  });
});
