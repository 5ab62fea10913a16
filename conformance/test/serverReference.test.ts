import { expect, it } from "vitest";
import { startReferenceServer } from "../peers/referenceServer.js";
import { countByLevel } from "../src/index.js";
import { notPassing, runAndReport } from "./conformanceRun.js";

// The server target against the reference Express middleware, in process; this also exercises the suite's own
// facilitator (verify, settle, failure injection) that every server run relies on. Results pinned (README).
it("server target against the reference server: the known counts and deviations", {
  timeout: 180_000,
}, async () => {
  const report = await runAndReport(
    "reference-server-express",
    { target: "server", start: startReferenceServer },
    {
      publish: {
        implementation: "reference",
        subject: "@x402/express + @x402/core + @x402/evm 2.27.0 from npm (peers/referenceServer.ts)",
      },
    },
  );
  expect(countByLevel(report.cases)).toEqual({
    MUST: { pass: 20, warn: 0, fail: 2, skip: 0, info: 0, total: 22 },
    SHOULD: { pass: 3, warn: 0, fail: 1, skip: 2, info: 0, total: 6 },
    MAY: { pass: 0, warn: 0, fail: 0, skip: 1, info: 0, total: 1 },
    INFO: { pass: 0, warn: 0, fail: 0, skip: 0, info: 1, total: 1 },
  });
  expect(notPassing(report)).toEqual({
    "server.reject.malformed-header": "fail",
    "server.reject.malformed-payload": "fail",
    "server.siwx.challenge": "skip",
    "server.siwx.refuses-bad-proof": "skip",
    "server.siwx.repeat-access": "skip",
    "server.v1.client": "fail",
  });
});
