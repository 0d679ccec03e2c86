import { z } from "zod";

/** The windows golden metrics and the service graph are computed over. */
export const metricWindows = ["5m", "1h", "24h", "7d"] as const;
export const metricWindowSchema = z.enum(metricWindows);
export type MetricWindow = z.infer<typeof metricWindowSchema>;

/** Requests, success rate and latency percentiles of some traffic over a window. */
export const goldenStatsSchema = z.object({
  requests: z.number().int(),
  successes: z.number().int(),
  /**
   * Requests per second over the time observed: a series bucket's length (the bucket in
   * progress: its elapsed part), or for totals `observedSeconds` — never the whole window of a
   * mesh younger than it.
   */
  rps: z.number(),
  /** successes / requests; null without requests. */
  successRate: z.number().nullable(),
  /** From the merged latency histogram, interpolated within the bucket; null without requests. */
  latencyMsP50: z.number().nullable(),
  latencyMsP95: z.number().nullable(),
  latencyMsP99: z.number().nullable(),
  /** Requests refused by policy, by reason (`authz`, `jwt`, `rate_limit`, `fault`, `circuit_open`). */
  denied: z.record(z.string(), z.number().int()),
});
export type GoldenStats = z.infer<typeof goldenStatsSchema>;

export const metricsQuerySchema = z.object({
  /** The destination service whose served traffic to report; the whole mesh when absent. */
  service: z.string().min(1).max(253).optional(),
  namespace: z.string().min(1).max(253).optional(),
  window: metricWindowSchema.default("1h"),
});

/** `GET /v1/meshes/{mesh}/metrics`: golden metrics as a series and as totals. */
export const meshMetricsSchema = z.object({
  mesh: z.string(),
  service: z.string().nullable(),
  namespace: z.string().nullable(),
  window: metricWindowSchema,
  resolutionSeconds: z.number().int(),
  from: z.string(),
  to: z.string(),
  /** Seconds the totals' rps is over: from the mesh's first traffic in the window (or its start) to now. */
  observedSeconds: z.number(),
  /**
   * One point per bucket. The newest is the bucket in progress, `partial: true`: its counts
   * grow until it closes (proxies report every few seconds), its rps is over its elapsed part.
   */
  series: z.array(goldenStatsSchema.extend({ start: z.string(), partial: z.boolean() })),
  totals: goldenStatsSchema,
});
export type MeshMetrics = z.infer<typeof meshMetricsSchema>;

export const graphQuerySchema = z.object({ window: metricWindowSchema.default("5m") });

const serviceRef = { namespace: z.string(), service: z.string() };

/**
 * `GET /v1/meshes/{mesh}/graph`: services (ids `namespace/name`) and the edges between them,
 * drawn as traffic flows: a request routed by an HTTPRoute/GRPCRoute goes caller → the
 * route's parent service (`kind: "call"`) → the backend the proxy picked (`kind: "split"`,
 * with the route's configured weight).
 */
export const serviceGraphSchema = z.object({
  mesh: z.string(),
  window: metricWindowSchema,
  from: z.string(),
  to: z.string(),
  /** Seconds the rps figures are over (see `meshMetricsSchema.observedSeconds`). */
  observedSeconds: z.number(),
  /** Every service seen on an edge; stats are of the traffic it served (inbound). */
  nodes: z.array(
    z.object({
      id: z.string(),
      ...serviceRef,
      /** The routes whose parent this service is and that carried traffic (it splits to backends). */
      routes: z.array(z.string()),
      ...goldenStatsSchema.shape,
    }),
  ),
  /** Source → destination, all routes merged; stats of that edge's traffic. */
  edges: z.array(
    z.object({
      source: z.string(),
      destination: z.string(),
      /** `call`: a caller's requests; `split`: a route parent's share sent to one backend. */
      kind: z.enum(["call", "split"]),
      routes: z.array(z.string()),
      /** For a split: the backend's configured weight in percent (null when the route no longer names it). */
      weightPercent: z.number().nullable(),
      ...goldenStatsSchema.shape,
    }),
  ),
});
export type ServiceGraph = z.infer<typeof serviceGraphSchema>;
export type ServiceGraphNode = ServiceGraph["nodes"][number];
export type ServiceGraphEdge = ServiceGraph["edges"][number];
