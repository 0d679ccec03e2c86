import { api } from "./client.ts";
import { optional, shaped } from "./optional.ts";

// Shapes of the observability API (issue 7) as the control plane publishes them
// (services/control-plane/src/api/schemas/{metrics,inventory}.ts), read through the SDK's
// `proxies(mesh)` and `observability(mesh)` namespaces. Fields the console does not need
// are left out.

export type MetricWindow = "5m" | "1h" | "24h" | "7d";

export interface GoldenStats {
  requests: number;
  successes: number;
  rps: number;
  successRate: number | null;
  latencyMsP50: number | null;
  latencyMsP95: number | null;
  latencyMsP99: number | null;
}

export interface ServiceGraph {
  mesh: string;
  window: MetricWindow;
  nodes: (GoldenStats & { id: string; namespace: string; service: string })[];
  edges: (GoldenStats & { source: string; destination: string; routes: string[] })[];
}

export interface MeshMetrics {
  mesh: string;
  service: string | null;
  window: MetricWindow;
  resolutionSeconds: number;
  from: string;
  to: string;
  series: (GoldenStats & { start: string })[];
  totals: GoldenStats;
}

/** A proxy of the inventory. */
export interface ProxyRow {
  id: string;
  cluster: string;
  namespace: string;
  service: string;
  workload: string;
  identity: string;
  version: string;
  appliedConfigVersion: number | null;
  desiredConfigVersion: number;
  /** ready | not_ready | draining | unknown, or gone. */
  health: string;
  /** No report for longer than the stale interval. */
  stale: boolean;
  lastSeenAt: string | null;
  certNotAfter: string | null;
  flags: { flag: string; reason: string }[];
}

export interface HealthFlag {
  flag: string;
  subjectKind: string;
  subject: string;
  reason: string;
  since: string | null;
}

export interface MeshHealth {
  healthy: boolean;
  proxies: { total: number; ready: number; notReady: number; stale: number; gone: number };
  /** Every flag name with how many subjects raise it (zeros included). */
  counts: Record<string, number>;
  flags: HealthFlag[];
}

export const proxyId = (p: ProxyRow) => p.id;

export async function listProxies(mesh: string): Promise<ProxyRow[]> {
  return shaped(await optional("The proxy inventory", api.proxies(mesh).listAll()));
}

export async function meshHealth(mesh: string): Promise<MeshHealth> {
  return shaped(await optional("The health summary", api.observability(mesh).health()));
}

export async function serviceGraph(mesh: string, window: MetricWindow): Promise<ServiceGraph> {
  return shaped(await optional("The service graph", api.observability(mesh).graph({ window })));
}

export async function meshMetrics(
  mesh: string,
  window: MetricWindow,
  service?: string,
  namespace?: string,
): Promise<MeshMetrics> {
  const query = { window, ...(service ? { service } : {}), ...(namespace ? { namespace } : {}) };
  return shaped(await optional("Golden metrics", api.observability(mesh).metrics(query)));
}
