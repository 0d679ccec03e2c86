import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/**
 * The control plane's own Prometheus metrics (DESIGN §7), one set per registry so each
 * control plane in a test process keeps its own. Get them with `controlPlaneMetrics(ctx.metrics)`.
 */
export interface ControlPlaneMetrics {
  connectedTunnels: Gauge<string>;
  configPushSeconds: Histogram<"outcome">;
  configNacks: Counter<string>;
  certIssued: Counter<"outcome">;
  certIssueSeconds: Histogram<"outcome">;
  reportsIngested: Counter<"kind">;
  reportItemsIngested: Counter<"kind">;
  reportsFailed: Counter<"kind">;
  tapSessions: Gauge<string>;
  tapEventsRelayed: Counter<"outcome">;
  webhookDeliveries: Counter<"outcome">;
  flagsRaised: Gauge<"flag">;
}

const cache = new WeakMap<Registry, ControlPlaneMetrics>();
const tunnelCounts = new WeakMap<Registry, () => number>();

/** Where `trellis_tunnels_connected` reads its value at scrape time (the tunnel hub's size). */
export function observeConnectedTunnels(registry: Registry, count: () => number): void {
  controlPlaneMetrics(registry);
  tunnelCounts.set(registry, count);
}

export function controlPlaneMetrics(registry: Registry): ControlPlaneMetrics {
  let m = cache.get(registry);
  if (!m) {
    m = create(registry);
    cache.set(registry, m);
  }
  return m;
}

function create(registry: Registry): ControlPlaneMetrics {
  const registers = [registry];
  return {
    connectedTunnels: new Gauge({
      name: "trellis_tunnels_connected",
      help: "Connector streams held by this replica",
      registers,
      collect() {
        this.set(tunnelCounts.get(registry)?.() ?? 0);
      },
    }),
    configPushSeconds: new Histogram({
      name: "trellis_config_push_seconds",
      help: "From a mesh config change being committed to a connector's ACK (or NACK) of it",
      labelNames: ["outcome"] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    configNacks: new Counter({
      name: "trellis_config_nacks_total",
      help: "Config snapshots refused by connectors",
      registers,
    }),
    certIssued: new Counter({
      name: "trellis_certificates_issued_total",
      help: "Workload certificate requests answered, by outcome (issued | refused)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    certIssueSeconds: new Histogram({
      name: "trellis_certificate_issue_seconds",
      help: "CSR received → certificate (or refusal) sent",
      labelNames: ["outcome"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    reportsIngested: new Counter({
      name: "trellis_reports_ingested_total",
      help: "Connector reports stored, by kind (proxy_report | metric_batch)",
      labelNames: ["kind"] as const,
      registers,
    }),
    reportItemsIngested: new Counter({
      name: "trellis_report_items_ingested_total",
      help: "Items inside stored reports, by kind (proxy | edge)",
      labelNames: ["kind"] as const,
      registers,
    }),
    reportsFailed: new Counter({
      name: "trellis_reports_failed_total",
      help: "Connector reports that could not be stored",
      labelNames: ["kind"] as const,
      registers,
    }),
    tapSessions: new Gauge({
      name: "trellis_tap_sessions",
      help: "Tap sessions streaming to clients of this replica",
      registers,
    }),
    tapEventsRelayed: new Counter({
      name: "trellis_tap_events_total",
      help: "Tap events by outcome (sent | dropped_rate | dropped_unknown)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    webhookDeliveries: new Counter({
      name: "trellis_webhook_deliveries_total",
      help: "Webhook delivery attempts by outcome (delivered | retry | failed)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    flagsRaised: new Gauge({
      name: "trellis_health_flags",
      help: "Health flags currently raised across all meshes, by flag (set by the worker)",
      labelNames: ["flag"] as const,
      registers,
    }),
  };
}
