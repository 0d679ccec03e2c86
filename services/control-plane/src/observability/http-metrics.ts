import { Histogram, type Registry } from "prom-client";

/** API latency by route template and status: the route's pattern, never the raw path. */
export function createHttpMetrics(registry: Registry) {
  return new Histogram({
    name: "trellis_http_request_duration_seconds",
    help: "API request duration by method, route template and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
}
