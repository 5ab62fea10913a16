import { describe, expect, it } from "vitest";
import { startReferenceServer } from "../peers/referenceServer.js";
import { runConformance } from "../src/index.js";

// The server target against the reference Express middleware, in process; this also exercises the suite's own
// facilitator (verify, settle, failure injection) that every server run relies on.
describe("server target against the reference server", () => {
  it("runs every server case; the known-good ones pass", { timeout: 180_000 }, async () => {
    const report = await runConformance({ target: "server", start: startReferenceServer });
    console.log(`reference server: ${JSON.stringify(report.summary)}`);
    expect(report.cases.length).toBeGreaterThanOrEqual(20);
    const status = (id: string) => report.cases.find((c) => c.id === id)?.status;
    for (const id of [
      "server.wire.402-status",
      "server.wire.payment-required-shape",
      "server.wire.accepts",
      "server.pay.success",
      "server.pay.payment-response",
      "server.reject.cheap-payment-on-expensive-route",
      "server.reject.replay",
      "server.handler-error.no-settlement",
      "server.settle-failure.no-content",
    ])
      expect(status(id), id).toBe("pass");
  });
});
