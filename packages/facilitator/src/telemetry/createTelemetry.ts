import { AsyncLocalStorage } from "node:async_hooks";
import {
  type Attributes,
  type Context,
  context,
  type Histogram,
  type Meter,
  type Span,
  SpanStatusCode,
  type Tracer,
  trace,
  type UpDownCounter,
} from "@opentelemetry/api";

/** OpenTelemetry objects for the facilitator (from `@opentelemetry/api`); each is optional. */
export type FacilitatorTelemetry = {
  /** Spans for verify and settle, with children for the scheme (RPC) and store calls. */
  tracer?: Tracer | undefined;
  /** Settle and verify latency, settlements in flight, outcomes by reason. */
  meter?: Meter | undefined;
};

export type Telemetry = {
  /** Whether spans are recorded. */
  readonly tracing: boolean;
  /**
   * Runs `work` in a new span, a child of the current one (the facilitator keeps its own async context, so no
   * global context manager is needed). Records a thrown error and ends the span. `root: false` records the span only
   * inside another (the store calls of lease renewals stay out of the traces).
   */
  span<result>(
    name: string,
    attributes: Attributes,
    work: (span: Span | undefined) => Promise<result>,
    options?: { root?: boolean | undefined },
  ): Promise<result>;
  /** One finished verify: its latency and outcome. */
  recordVerify(seconds: number, attributes: Attributes): void;
  /** One settle more (+1) or less (-1) in flight. */
  settlesInFlight(delta: 1 | -1, attributes: Attributes): void;
  /** One finished settle: its latency and outcome. */
  recordSettle(seconds: number, attributes: Attributes): void;
};

/** Bucket bounds (seconds) for verify and settle latency: a verify takes milliseconds, a settle about a block. */
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];

/**
 * The facilitator's instruments over the given tracer and meter; with neither, every call is a no-op that costs a
 * function call. Metric names follow OpenTelemetry's conventions (`x402.facilitator.settle.duration`, seconds);
 * a Prometheus export spells them `x402_facilitator_settle_duration_seconds`.
 */
export function createTelemetry(options: FacilitatorTelemetry | undefined = {}): Telemetry {
  const { tracer, meter } = options;
  const active = new AsyncLocalStorage<Context>();

  let settleDuration: Histogram | undefined;
  let verifyDuration: Histogram | undefined;
  let inFlight: UpDownCounter | undefined;
  let settleOutcomes: ReturnType<Meter["createCounter"]> | undefined;
  let verifyOutcomes: ReturnType<Meter["createCounter"]> | undefined;
  if (meter) {
    settleDuration = meter.createHistogram("x402.facilitator.settle.duration", {
      description: "Time to answer a settle, from the request to the outcome",
      unit: "s",
      advice: { explicitBucketBoundaries: latencyBuckets },
    });
    verifyDuration = meter.createHistogram("x402.facilitator.verify.duration", {
      description: "Time to answer a verify",
      unit: "s",
      advice: { explicitBucketBoundaries: latencyBuckets },
    });
    inFlight = meter.createUpDownCounter("x402.facilitator.settle.in_flight", {
      description: "Settles being answered now",
      unit: "{settlement}",
    });
    settleOutcomes = meter.createCounter("x402.facilitator.settle.outcomes", {
      description: "Settle answers by outcome (success, replayed, pending, failure) and reason",
      unit: "{settlement}",
    });
    verifyOutcomes = meter.createCounter("x402.facilitator.verify.outcomes", {
      description: "Verify answers by outcome (valid, invalid) and reason",
      unit: "{verification}",
    });
  }

  return {
    tracing: tracer !== undefined,

    async span(name, attributes, work, spanOptions = {}) {
      if (!tracer) return work(undefined);
      const parent = active.getStore() ?? context.active();
      if (spanOptions.root === false && trace.getSpan(parent) === undefined) return work(undefined);
      const span = tracer.startSpan(name, { attributes }, parent);
      const inside = trace.setSpan(parent, span);
      try {
        return await active.run(inside, () => context.with(inside, () => work(span)));
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
        throw error;
      } finally {
        span.end();
      }
    },

    recordVerify(seconds, attributes) {
      verifyDuration?.record(seconds, attributes);
      verifyOutcomes?.add(1, attributes);
    },

    settlesInFlight(delta, attributes) {
      inFlight?.add(delta, attributes);
    },

    recordSettle(seconds, attributes) {
      settleDuration?.record(seconds, attributes);
      settleOutcomes?.add(1, attributes);
    },
  };
}
