import { latencyBucketBoundsMs } from "@trellis/protocol/tunnel";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { EdgeTable } from "./edges.ts";
import type { PolicyCounters } from "./policy-counters.ts";
import type { TcpCounters } from "./tcp.ts";

type Value = { labels: Record<string, string | number>; value: number; metricName?: string };
type MetricLike = {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  get: () => Promise<{ name: string; help: string; type: string; values: Value[]; aggregator: "sum" }>;
  reset: () => void;
};

/**
 * The admin port's Prometheus registry. Golden metrics use Linkerd's names
 * (`request_total`, `response_total`, `response_latency_ms`, `tcp_*`) and are read
 * from the preallocated edge and TCP counters at scrape time.
 */
export function createRegistry(edges: EdgeTable, tcp: TcpCounters, policy: PolicyCounters): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const add = (name: string, help: string, type: MetricLike["type"], values: () => Value[]) => {
    const metric: MetricLike = {
      name,
      help,
      type,
      get: async () => ({ name, help, type, values: values(), aggregator: "sum" }),
      reset: () => {},
    };
    registry.registerMetric(metric as unknown as Parameters<Registry["registerMetric"]>[0]);
  };
  add("request_total", "Requests received, by direction, client and destination.", "counter", () =>
    Array.from(edges.all(), (e) => ({ labels: e.labels, value: e.requests })),
  );
  add("response_total", "Responses sent, by status code and classification.", "counter", () => {
    const out: Value[] = [];
    for (const e of edges.all()) {
      for (const [key, value] of e.responses) {
        const [statusCode, classification] = key.split("|");
        out.push({
          labels: { ...e.labels, status_code: statusCode!, classification: classification! },
          value,
        });
      }
    }
    return out;
  });
  add("response_latency_ms", "Time to response headers, in milliseconds.", "histogram", () => {
    const out: Value[] = [];
    for (const e of edges.all()) {
      let cumulative = 0;
      latencyBucketBoundsMs.forEach((le, i) => {
        cumulative += e.latencyBuckets[i]!;
        out.push({
          metricName: "response_latency_ms_bucket",
          labels: { ...e.labels, le },
          value: cumulative,
        });
      });
      cumulative += e.latencyBuckets[latencyBucketBoundsMs.length]!;
      out.push({
        metricName: "response_latency_ms_bucket",
        labels: { ...e.labels, le: "+Inf" },
        value: cumulative,
      });
      out.push({ metricName: "response_latency_ms_sum", labels: e.labels, value: e.latencySumMs });
      out.push({ metricName: "response_latency_ms_count", labels: e.labels, value: e.latencyCount });
    }
    return out;
  });
  const perEdge =
    (pick: (e: ReturnType<EdgeTable["get"]>) => Map<string, number> | undefined, label: string) => () => {
      const out: Value[] = [];
      for (const e of edges.all()) {
        const m = pick(e);
        if (m) for (const [k, value] of m) out.push({ labels: { ...e.labels, [label]: k }, value });
      }
      return out;
    };
  add(
    "request_denied_total",
    "Requests refused by policy, by reason (authz, jwt, rate_limit, fault, circuit_open).",
    "counter",
    perEdge((e) => e.denied, "reason"),
  );
  add(
    "retry_total",
    "Retries the RetryPolicy wanted, by result (retried, budget_exhausted, attempts_exhausted, not_replayable).",
    "counter",
    perEdge((e) => e.retries, "result"),
  );
  add(
    "fault_injected_total",
    "Requests a FaultInjection aborted or delayed, by kind.",
    "counter",
    perEdge((e) => e.faults, "kind"),
  );
  add("outlier_ejections_total", "Endpoints ejected by outlier detection, by destination.", "counter", () =>
    Array.from(policy.ejections, ([key, value]) => {
      const [ns, name] = key.split("/");
      return { labels: { dst_namespace: ns!, dst_service: name! }, value };
    }),
  );
  add(
    "mirror_total",
    "Mirrored request copies, by shadow service and result (sent, dropped, failed).",
    "counter",
    () =>
      Array.from(policy.mirrors, ([key, value]) => {
        const [svc, result] = key.split("|");
        const [ns, name] = svc!.split("/");
        return { labels: { dst_namespace: ns!, dst_service: name!, result: result! }, value };
      }),
  );
  add("tcp_open_connections", "Open TCP connections, by direction.", "gauge", () => tcp.values("open"));
  add("tcp_open_total", "TCP connections opened, by direction.", "counter", () => tcp.values("opened"));
  add("tcp_read_bytes_total", "Bytes read from closed and open connections.", "counter", () =>
    tcp.values("read"),
  );
  add("tcp_write_bytes_total", "Bytes written to closed and open connections.", "counter", () =>
    tcp.values("written"),
  );
  return registry;
}
