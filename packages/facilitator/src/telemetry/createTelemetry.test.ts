import { SpanStatusCode } from "@opentelemetry/api";
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricData,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { createMemoryStore } from "@x402kit/core";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { gate, network, request, scriptedScheme, txOf } from "../../test/scriptedScheme.js";
import { createFacilitator } from "../facilitator/createFacilitator.js";

function telemetryHarness() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 60_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    spans,
    telemetry: { tracer: tracerProvider.getTracer("test"), meter: meterProvider.getMeter("test") },
    /** The latest collection of each metric, by name. */
    async collect(): Promise<Map<string, MetricData>> {
      await reader.forceFlush();
      const latest = metrics.getMetrics().at(-1);
      return new Map(
        latest?.scopeMetrics.flatMap((scope) => scope.metrics.map((m) => [m.descriptor.name, m])),
      );
    },
  };
}

const silent = pino({ level: "silent" });

describe("facilitator telemetry", () => {
  it("traces verify and settle with child spans for the scheme and the store", async () => {
    const harness = telemetryHarness();
    const { scheme } = scriptedScheme();
    const facilitator = createFacilitator({
      schemes: [scheme],
      logger: silent,
      telemetry: harness.telemetry,
    });
    await facilitator.verify(request("1"));
    await facilitator.settle(request("1"));

    const finished = harness.spans.getFinishedSpans();
    const byName = (name: string) => finished.filter((span) => span.name === name);
    const [verify] = byName("x402.facilitator.verify");
    const [settle] = byName("x402.facilitator.settle");
    expect(verify?.attributes).toMatchObject({
      "x402.version": 2,
      "x402.scheme": "exact",
      "x402.network": network,
      "x402.outcome": "valid",
    });
    expect(settle?.attributes).toMatchObject({
      "x402.outcome": "success",
      "x402.reason": "none",
      "x402.transaction": txOf("1"),
    });
    const childrenOf = (parent: typeof settle) =>
      finished.filter((span) => span.parentSpanContext?.spanId === parent?.spanContext().spanId);
    expect(childrenOf(verify).map((span) => span.name)).toEqual(["x402.scheme.verify"]);
    const settleChildren = childrenOf(settle).map((span) => span.name);
    expect(settleChildren).toEqual(
      expect.arrayContaining([
        "x402.store.claimSettlement",
        "x402.scheme.settle",
        "x402.store.updateSettlement",
        "x402.store.acknowledgeSettlement",
      ]),
    );
    // The broadcast is recorded inside the scheme's span, as an event and a store call.
    const [schemeSettle] = byName("x402.scheme.settle");
    expect(schemeSettle?.events.map((event) => event.name)).toEqual(["broadcast"]);
    expect(childrenOf(schemeSettle).map((span) => span.name)).toEqual(["x402.store.updateSettlement"]);
    expect(new Set(finished.map((span) => span.spanContext().traceId)).size).toBe(2);
  });

  it("marks a span whose work threw as an error, and keeps store calls outside a request untraced", async () => {
    const harness = telemetryHarness();
    const { scheme } = scriptedScheme({
      settle: async () => {
        throw new Error("node down");
      },
    });
    const store = createMemoryStore();
    const facilitator = createFacilitator({
      schemes: [scheme],
      store,
      logger: silent,
      telemetry: harness.telemetry,
    });
    expect(await facilitator.settle(request("2"))).toMatchObject({ errorReason: "unexpected_settle_error" });
    const [failed] = harness.spans.getFinishedSpans().filter((span) => span.name === "x402.scheme.settle");
    expect(failed?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: "node down" });
    expect(failed?.events.map((event) => event.name)).toEqual(["exception"]);

    harness.spans.reset();
    await facilitator.recover();
    expect(harness.spans.getFinishedSpans()).toEqual([]);
  });

  it("measures settle latency, settlements in flight and outcomes by reason", async () => {
    const harness = telemetryHarness();
    const held = gate();
    const { scheme } = scriptedScheme({
      settle: async (payment, context) => {
        const nonce = (payment.payload.payload.authorization as { nonce: string }).nonce;
        if (nonce === "9")
          return { success: false, errorReason: "insufficient_funds", transaction: "", network };
        await context.onBroadcast(txOf(nonce));
        if (nonce === "3") await held.opened;
        return { success: true, transaction: txOf(nonce), network };
      },
    });
    const facilitator = createFacilitator({
      schemes: [scheme],
      logger: silent,
      telemetry: harness.telemetry,
    });
    await facilitator.verify(request("1"));
    await facilitator.settle(request("1"));
    await facilitator.settle(request("1")); // the same payment again: replayed
    await facilitator.settle(request("9"));
    const slow = facilitator.settle(request("3"));
    await new Promise((resolve) => setTimeout(resolve, 20));

    const during = await harness.collect();
    const inFlight = during.get("x402.facilitator.settle.in_flight");
    expect(inFlight?.dataPointType).toBe(DataPointType.SUM);
    expect(inFlight?.dataPoints.reduce((sum, point) => sum + (point.value as number), 0)).toBe(1);
    held.open();
    await slow;

    const after = await harness.collect();
    expect(
      after.get("x402.facilitator.settle.in_flight")?.dataPoints.reduce((s, p) => s + (p.value as number), 0),
    ).toBe(0);
    const outcomes = after.get("x402.facilitator.settle.outcomes")!;
    const count = (outcome: string, reason: string) =>
      outcomes.dataPoints.find(
        (point) => point.attributes["x402.outcome"] === outcome && point.attributes["x402.reason"] === reason,
      )?.value;
    expect(count("success", "none")).toBe(2);
    expect(count("replayed", "invalid_transaction_state")).toBe(1);
    expect(count("failure", "insufficient_funds")).toBe(1);
    const latency = after.get("x402.facilitator.settle.duration")!;
    expect(latency.descriptor.unit).toBe("s");
    expect(latency.dataPointType).toBe(DataPointType.HISTOGRAM);
    const settled = latency.dataPoints.reduce(
      (sum, point) => sum + (point.value as { count: number }).count,
      0,
    );
    expect(settled).toBe(4);
    expect(after.get("x402.facilitator.verify.outcomes")?.dataPoints[0]?.attributes).toMatchObject({
      "x402.outcome": "valid",
    });
  });

  it("costs nothing and changes nothing when off", async () => {
    const { scheme } = scriptedScheme();
    const store = createMemoryStore();
    const facilitator = createFacilitator({ schemes: [scheme], store, logger: silent });
    expect(facilitator.store).toBe(store);
    expect(await facilitator.settle(request("4"))).toMatchObject({ success: true });
  });
});
