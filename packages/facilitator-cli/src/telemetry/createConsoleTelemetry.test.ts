import { exactEvmFacilitator } from "@x402kit/evm";
import { createFacilitator } from "@x402kit/facilitator";
import type { FacilitatorRequest } from "@x402kit/types";
import { pino } from "pino";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { createConsoleTelemetry } from "./createConsoleTelemetry.js";

// The real facilitator and EVM scheme; the requests are refused before any RPC (the port is never contacted).
const network = "eip155:31337";
const requirements = {
  scheme: "exact",
  network,
  amount: "1000",
  asset: "0x0000000000000000000000000000000000000001",
  payTo: "0x0000000000000000000000000000000000000002",
  maxTimeoutSeconds: 60,
  extra: { name: "USDC", version: "2" },
};
const refused: FacilitatorRequest = {
  x402Version: 2,
  paymentPayload: {
    x402Version: 2,
    accepted: { ...requirements, scheme: "other" },
    payload: {},
  },
  paymentRequirements: { ...requirements, scheme: "other" },
};

describe("createConsoleTelemetry", () => {
  it("writes spans as JSON lines and serves the metrics in Prometheus's text format", async () => {
    const lines: string[] = [];
    const telemetry = createConsoleTelemetry({ write: (line) => lines.push(line) });
    const facilitator = createFacilitator({
      schemes: [
        exactEvmFacilitator({
          networks: {
            [network]: { rpcUrl: "http://127.0.0.1:1", signer: privateKeyToAccount(generatePrivateKey()) },
          },
        }),
      ],
      logger: pino({ level: "silent" }),
      telemetry: { tracer: telemetry.tracer, meter: telemetry.meter },
    });
    await facilitator.verify(refused);
    await facilitator.settle(refused);

    const text = await telemetry.metrics();
    expect(text).toContain("# TYPE x402_facilitator_settle_outcomes_total counter");
    expect(text).toMatch(
      /^x402_facilitator_settle_outcomes_total\{x402_version="2",x402_scheme="other",x402_network="eip155:31337",x402_outcome="failure",x402_reason="unsupported_scheme"\} 1$/m,
    );
    expect(text).toContain("# TYPE x402_facilitator_settle_duration_seconds histogram");
    expect(text).toMatch(/^x402_facilitator_settle_duration_seconds_bucket\{.*le="\+Inf"\} 1$/m);
    expect(text).toMatch(/^x402_facilitator_settle_duration_seconds_count\{.*\} 1$/m);
    expect(text).toContain("# TYPE x402_facilitator_settle_in_flight gauge");
    expect(text).toMatch(/^x402_facilitator_verify_outcomes_total\{.*x402_outcome="invalid".*\} 1$/m);

    await telemetry.shutdown(); // flushes the batched spans
    await facilitator.close();
    const spans = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(spans.find((span) => span.span === "x402.facilitator.settle")).toMatchObject({
      status: "ok",
      attributes: { "x402.outcome": "failure", "x402.reason": "unsupported_scheme" },
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(spans.find((span) => span.span === "x402.facilitator.verify")).toMatchObject({
      attributes: { "x402.outcome": "invalid" },
    });
  });
});
