import { ValueType } from "@opentelemetry/api";
import { AggregationTemporality, DataPointType, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import { formatPrometheus } from "./formatPrometheus.js";

const time: [number, number] = [0, 0];
const descriptor = (name: string, unit: string, description = "") => ({
  name,
  unit,
  description,
  valueType: ValueType.DOUBLE,
});

describe("formatPrometheus", () => {
  it("writes gauges, up-down sums and histograms, and escapes label values", () => {
    const metrics = {
      resource: {},
      scopeMetrics: [
        {
          scope: { name: "test" },
          metrics: [
            {
              descriptor: descriptor("queue.depth", "{item}", "Items\nwaiting"),
              dataPointType: DataPointType.SUM,
              isMonotonic: false,
              aggregationTemporality: AggregationTemporality.CUMULATIVE,
              dataPoints: [{ startTime: time, endTime: time, attributes: { "a.b": 'x"y\\z' }, value: -2 }],
            },
            {
              descriptor: descriptor("rpc.latency", "ms"),
              dataPointType: DataPointType.HISTOGRAM,
              aggregationTemporality: AggregationTemporality.CUMULATIVE,
              dataPoints: [
                {
                  startTime: time,
                  endTime: time,
                  attributes: {},
                  value: { buckets: { boundaries: [1, 10], counts: [2, 1, 1] }, sum: 30.5, count: 4 },
                },
              ],
            },
            {
              descriptor: descriptor("temperature", ""),
              dataPointType: DataPointType.GAUGE,
              aggregationTemporality: AggregationTemporality.CUMULATIVE,
              dataPoints: [{ startTime: time, endTime: time, attributes: {}, value: 21 }],
            },
          ],
        },
      ],
    } as unknown as ResourceMetrics;
    expect(formatPrometheus(metrics)).toBe(
      [
        "# HELP queue_depth Items waiting",
        "# TYPE queue_depth gauge",
        'queue_depth{a_b="x\\"y\\\\z"} -2',
        "# TYPE rpc_latency_milliseconds histogram",
        'rpc_latency_milliseconds_bucket{le="1"} 2',
        'rpc_latency_milliseconds_bucket{le="10"} 3',
        'rpc_latency_milliseconds_bucket{le="+Inf"} 4',
        "rpc_latency_milliseconds_sum 30.5",
        "rpc_latency_milliseconds_count 4",
        "# TYPE temperature gauge",
        "temperature 21",
        "",
      ].join("\n"),
    );
    expect(formatPrometheus({ resource: {}, scopeMetrics: [] } as unknown as ResourceMetrics)).toBe("");
  });
});
