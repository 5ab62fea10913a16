import { DataPointType, type ResourceMetrics } from "@opentelemetry/sdk-metrics";

/** Prometheus's suffix for an OpenTelemetry unit; annotations (`{settlement}`) have none. */
const unitSuffixes: Record<string, string> = { s: "seconds", ms: "milliseconds", By: "bytes", "1": "ratio" };

const metricName = (name: string, unit: string) => {
  const base = name.replace(/[^a-zA-Z0-9_:]/g, "_").replace(/^[^a-zA-Z_:]/, "_$&");
  const suffix = unitSuffixes[unit];
  return suffix && !base.endsWith(`_${suffix}`) ? `${base}_${suffix}` : base;
};
const labelName = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, "_").replace(/^[^a-zA-Z_]/, "_$&");
const labelValue = (value: unknown) =>
  String(value).replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll('"', '\\"');
const numberText = (value: number) =>
  value === Number.POSITIVE_INFINITY ? "+Inf" : value === Number.NEGATIVE_INFINITY ? "-Inf" : String(value);

function labels(attributes: Record<string, unknown>, extra: [string, string][] = []): string {
  const pairs = [
    ...Object.entries(attributes)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${labelName(key)}="${labelValue(value)}"`),
    ...extra.map(([key, value]) => `${key}="${value}"`),
  ];
  return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
}

/**
 * OpenTelemetry metrics (cumulative, as a pull reader collects them) in Prometheus's text exposition format 0.0.4:
 * counters as `…_total`, up-down counters and gauges as gauges, histograms as `_bucket`/`_sum`/`_count`, with the
 * unit in the name (`x402_facilitator_settle_duration_seconds`). Exponential histograms are left out.
 */
export function formatPrometheus(resourceMetrics: ResourceMetrics): string {
  const lines: string[] = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const { descriptor } = metric;
      const name = metricName(descriptor.name, descriptor.unit);
      const help = descriptor.description
        ? [`# HELP ${name} ${descriptor.description.replaceAll("\n", " ")}`]
        : [];
      if (metric.dataPointType === DataPointType.SUM || metric.dataPointType === DataPointType.GAUGE) {
        const counter = metric.dataPointType === DataPointType.SUM && metric.isMonotonic;
        const sample = counter ? `${name}_total` : name;
        lines.push(...help, `# TYPE ${counter ? sample : name} ${counter ? "counter" : "gauge"}`);
        for (const point of metric.dataPoints)
          lines.push(`${sample}${labels(point.attributes)} ${numberText(point.value)}`);
      } else if (metric.dataPointType === DataPointType.HISTOGRAM) {
        lines.push(...help, `# TYPE ${name} histogram`);
        for (const point of metric.dataPoints) {
          const { boundaries, counts } = point.value.buckets;
          let cumulative = 0;
          boundaries.forEach((bound, index) => {
            cumulative += counts[index] ?? 0;
            lines.push(
              `${name}_bucket${labels(point.attributes, [["le", numberText(bound)]])} ${cumulative}`,
            );
          });
          lines.push(`${name}_bucket${labels(point.attributes, [["le", "+Inf"]])} ${point.value.count}`);
          lines.push(`${name}_sum${labels(point.attributes)} ${numberText(point.value.sum ?? 0)}`);
          lines.push(`${name}_count${labels(point.attributes)} ${point.value.count}`);
        }
      }
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
