import { describe, expect, it } from "vitest";
import { runSoak } from "../src/runSoak.js";

// The CI-sized soak (issue 6): 200 paid requests at concurrency 32 on a chain with 1 s blocks. `pnpm soak` runs the
// full 5 000 (docs/reliability.md has its figures).

describe("soak (200 requests)", () => {
  it("every request is served and paid or refused and unpaid; the totals reconcile to the unit", async () => {
    const report = await runSoak({ requests: 200, concurrency: 32, blockMs: 1_000 });
    expect(report.lost).toEqual([]);
    expect(report.served + report.refused).toBe(200);
    expect(report.kinds.paid.served).toBe(report.kinds.paid.sent);
    expect(
      report.kinds["handler-fails"].served + report.kinds.underfunded.served + report.kinds.replay.served,
    ).toBe(0);
    expect(report.totals.sellerDelta).toBe(report.totals.servedByClients);
    expect(report.totals.servedLog).toBe(report.totals.servedByClients);
    expect(-report.totals.buyersDelta).toBe(report.totals.servedByClients);
    expect(report.transactions).toBe(report.served);
    expect(report.reconciled).toBe(true);
  }, 120_000);
});
