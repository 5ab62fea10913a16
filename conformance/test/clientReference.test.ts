import { describe, expect, it } from "vitest";
import { countByLevel } from "../src/index.js";
import { notPassing, runAndReport } from "./conformanceRun.js";

// The client target against the reference clients from npm, run as commands (README: "Results").
describe("client target against the reference clients", () => {
  it("@x402/fetch (v2): the known counts; it does not pay a v1-only server", {
    timeout: 180_000,
  }, async () => {
    const report = await runAndReport(
      "reference-client-fetch",
      { target: "client", command: "node --import tsx peers/referenceClient.ts" },
      {
        publish: {
          implementation: "reference",
          subject: "@x402/fetch + @x402/evm 2.27.0 from npm, a command per case (peers/referenceClient.ts)",
        },
      },
    );
    expect(countByLevel(report.cases)).toEqual({
      MUST: { pass: 7, warn: 0, fail: 0, skip: 0, info: 0, total: 7 },
      SHOULD: { pass: 0, warn: 0, fail: 1, skip: 0, info: 0, total: 1 },
      MAY: { pass: 1, warn: 0, fail: 0, skip: 0, info: 0, total: 1 },
      INFO: { pass: 0, warn: 0, fail: 0, skip: 0, info: 1, total: 1 },
    });
    expect(notPassing(report)).toEqual({ "client.v1.pays": "fail" });
  });

  it("x402-fetch (v1 only) pays a v1 server on a chain v1 can name", { timeout: 60_000 }, async () => {
    const report = await runAndReport("reference-client-x402-fetch-v1", {
      target: "client",
      command: "node --import tsx peers/referenceClientV1.ts",
      chainId: 84532,
      only: ["client.v1"],
    });
    expect(notPassing(report)).toEqual({});
  });
});
