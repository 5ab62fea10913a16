import type { Meter, Tracer } from "@opentelemetry/api";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { formatPrometheus } from "./formatPrometheus.js";

export type CreateConsoleTelemetryParameters = {
  /** Receives one JSON line per finished span (the CLI writes them to stderr). */
  write: (line: string) => void;
  /** The instrumentation scope's name. Default `x402kit-facilitator`. */
  name?: string | undefined;
};

export type ConsoleTelemetry = {
  tracer: Tracer;
  meter: Meter;
  /** The metrics now, in Prometheus's text format (for `GET /metrics`). */
  metrics(): Promise<string>;
  /** Writes the spans still buffered and stops both providers. */
  shutdown(): Promise<void>;
};

export type CreateConsoleTelemetryReturnType = ConsoleTelemetry;

/** A metric reader that collects on demand (a Prometheus scrape) rather than on a timer. */
class PullMetricReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

const hrMs = ([seconds, nanos]: [number, number]) => seconds * 1e3 + nanos / 1e6;

/** A span exporter that writes each span as one JSON line: no collector, no OTLP. */
function jsonLineExporter(write: (line: string) => void): SpanExporter {
  return {
    export(spans: ReadableSpan[], done) {
      for (const span of spans) {
        const { traceId, spanId } = span.spanContext();
        write(
          JSON.stringify({
            span: span.name,
            traceId,
            spanId,
            parentSpanId: span.parentSpanContext?.spanId,
            start: new Date(hrMs(span.startTime)).toISOString(),
            ms: Math.round(hrMs(span.duration) * 1000) / 1000,
            status: span.status.code === 2 ? "error" : "ok",
            ...(span.status.message ? { error: span.status.message } : {}),
            attributes: span.attributes,
            ...(span.events.length > 0
              ? { events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })) }
              : {}),
          }),
        );
      }
      done({ code: 0 });
    },
    async shutdown() {},
  };
}

/**
 * The OpenTelemetry SDK wired for a facilitator without a collector (the CLI's `--otel`): spans as JSON lines
 * through `write`, metrics collected on demand in Prometheus's text format. Pass `{ tracer, meter }` to
 * `createFacilitator({ telemetry })` and `metrics` to `createFacilitatorServer({ metrics })`.
 */
export function createConsoleTelemetry(
  parameters: CreateConsoleTelemetryParameters,
): CreateConsoleTelemetryReturnType {
  const name = parameters.name ?? "x402kit-facilitator";
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [
      new BatchSpanProcessor(jsonLineExporter(parameters.write), { scheduledDelayMillis: 1_000 }),
    ],
  });
  const reader = new PullMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracer: tracerProvider.getTracer(name),
    meter: meterProvider.getMeter(name),
    async metrics() {
      const { resourceMetrics } = await reader.collect();
      return formatPrometheus(resourceMetrics);
    },
    async shutdown() {
      await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}
