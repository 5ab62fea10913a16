import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { request, scriptedScheme } from "../../test/scriptedScheme.js";
import { createFacilitator } from "../facilitator/createFacilitator.js";
import { createConsoleTelemetry } from "./createConsoleTelemetry.js";

describe("createConsoleTelemetry", () => {
  it("writes spans as JSON lines and serves the metrics in Prometheus's text format", async () => {
    const lines: string[] = [];
    const telemetry = createConsoleTelemetry({ write: (line) => lines.push(line) });
    const { scheme } = scriptedScheme();
    const facilitator = createFacilitator({
      schemes: [scheme],
      logger: pino({ level: "silent" }),
      telemetry: { tracer: telemetry.tracer, meter: telemetry.meter },
    });
    await facilitator.verify(request("1"));
    await facilitator.settle(request("1"));

    const text = await telemetry.metrics();
    expect(text).toContain("# TYPE x402_facilitator_settle_outcomes_total counter");
    expect(text).toMatch(
      /^x402_facilitator_settle_outcomes_total\{x402_version="2",x402_scheme="exact",x402_network="eip155:31337",x402_outcome="success",x402_reason="none"\} 1$/m,
    );
    expect(text).toContain("# TYPE x402_facilitator_settle_duration_seconds histogram");
    expect(text).toMatch(/^x402_facilitator_settle_duration_seconds_bucket\{.*le="\+Inf"\} 1$/m);
    expect(text).toMatch(/^x402_facilitator_settle_duration_seconds_count\{.*\} 1$/m);
    expect(text).toContain("# TYPE x402_facilitator_settle_in_flight gauge");
    expect(text).toMatch(/^x402_facilitator_verify_outcomes_total\{.*x402_outcome="valid".*\} 1$/m);

    await telemetry.shutdown(); // flushes the batched spans
    const spans = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const settle = spans.find((span) => span.span === "x402.facilitator.settle");
    expect(settle).toMatchObject({
      status: "ok",
      attributes: { "x402.outcome": "success" },
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(spans.find((span) => span.span === "x402.scheme.settle")).toMatchObject({
      parentSpanId: settle?.spanId,
      events: [{ name: "broadcast" }],
    });
  });
});
