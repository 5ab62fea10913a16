import { describe, expect, it } from "vitest";
import { startReferenceServer } from "../peers/referenceServer.js";
import { x402kitClientCommand } from "../peers/x402kitCommands.js";
import { startX402kitExpressServer } from "../peers/x402kitServerExpress.js";
import { countByLevel } from "../src/index.js";
import { expectEveryMustPasses, notPassing, runAndReport } from "./conformanceRun.js";

// The Solana cases of the server and client targets (`--family solana`, no EVM chain): the suite's facilitator and
// resource server settle on the litesvm chain through @x402kit/svm. x402kit passes every case; the reference's
// results (@x402/express, @x402/fetch + @x402/svm 2.27.0) are pinned (README: "Results").
const serverCounts = {
  MUST: { pass: 11, warn: 0, fail: 0, skip: 0, info: 0, total: 11 },
  SHOULD: { pass: 1, warn: 0, fail: 0, skip: 0, info: 0, total: 1 },
  MAY: { pass: 0, warn: 0, fail: 0, skip: 0, info: 0, total: 0 },
  INFO: { pass: 0, warn: 0, fail: 0, skip: 0, info: 0, total: 0 },
};

describe("server target, Solana", () => {
  it("x402kit (@x402kit/server/express with exactSvmServer) passes every case", {
    timeout: 120_000,
  }, async () => {
    const report = await runAndReport(
      "x402kit-server-solana",
      { target: "server", family: "solana", start: startX402kitExpressServer },
      {
        publish: {
          implementation: "x402kit",
          subject:
            "@x402kit/server/express with exactSvmServer (@x402kit/svm), in process (peers/x402kitServerExpress.ts)",
        },
      },
    );
    expectEveryMustPasses(report);
    expect(notPassing(report)).toEqual({});
    expect(countByLevel(report.cases)).toEqual(serverCounts);
    // A Solana run pays on the litesvm chain only: no EVM chain (no Hardhat) was started, none is reported.
    expect(report.chain.chainId).toBeUndefined();
    expect(report.chain.network).toMatch(/^solana:/);
  });

  it("the reference (@x402/express + @x402/svm) gives the pinned results", { timeout: 120_000 }, async () => {
    const report = await runAndReport(
      "reference-server-solana",
      { target: "server", family: "solana", start: startReferenceServer },
      {
        publish: {
          implementation: "reference",
          subject:
            "@x402/express + @x402/core + @x402/svm 2.27.0 from npm, in process (peers/referenceServer.ts)",
        },
      },
    );
    expect(notPassing(report)).toEqual({});
    expect(countByLevel(report.cases)).toEqual(serverCounts);
  });
});

const clientCounts = {
  MUST: { pass: 5, warn: 0, fail: 0, skip: 0, info: 0, total: 5 },
  SHOULD: { pass: 0, warn: 0, fail: 0, skip: 0, info: 0, total: 0 },
  MAY: { pass: 1, warn: 0, fail: 0, skip: 0, info: 0, total: 1 },
  INFO: { pass: 0, warn: 0, fail: 0, skip: 0, info: 0, total: 0 },
};

describe("client target, Solana", () => {
  it("x402kit (wrapFetch with exactSvmClient) passes every case", { timeout: 120_000 }, async () => {
    const report = await runAndReport(
      "x402kit-client-solana",
      { target: "client", family: "solana", command: x402kitClientCommand },
      {
        publish: {
          implementation: "x402kit",
          subject:
            "@x402kit/client's wrapFetch with exactSvmClient (@x402kit/svm), a command per case (peers/x402kitClient.ts)",
        },
      },
    );
    expectEveryMustPasses(report);
    expect(notPassing(report)).toEqual({});
    expect(countByLevel(report.cases)).toEqual(clientCounts);
  });

  it("the reference (@x402/fetch + @x402/svm) gives the pinned results", { timeout: 120_000 }, async () => {
    const report = await runAndReport(
      "reference-client-solana",
      { target: "client", family: "solana", command: "node --import tsx peers/referenceClient.ts" },
      {
        publish: {
          implementation: "reference",
          subject: "@x402/fetch + @x402/svm 2.27.0 from npm, a command per case (peers/referenceClient.ts)",
        },
      },
    );
    expect(notPassing(report)).toEqual({});
    expect(countByLevel(report.cases)).toEqual(clientCounts);
  });
});
