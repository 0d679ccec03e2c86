import { callOptional, enc } from "./raw.ts";

// Shapes of the observability API (issue 7), as published in
// services/control-plane/src/api/schemas/metrics.ts; fields the console does not need are
// left out, and every read tolerates missing ones.

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
  id?: string;
  proxyId?: string;
  cluster: string;
  namespace?: string;
  service: string;
  workload?: string;
  identity?: string;
  version: string;
  appliedConfigVersion?: number | null;
  desiredConfigVersion?: number | null;
  health: string;
  /** No report for longer than the stale interval. */
  stale?: boolean;
  lastSeenAt?: string | null;
  certNotAfter?: string | null;
  flags?: { flag: string; reason: string }[];
}

export interface HealthFlag {
  flag: string;
  subjectKind: string;
  subject: string;
  reason: string;
  since: string | null;
}

export interface MeshHealth {
  healthy?: boolean;
  proxies?: { total: number; ready: number; notReady: number; stale: number; gone: number };
  /** Every flag name with how many subjects raise it (zeros included). */
  counts?: Record<string, number>;
  flags?: HealthFlag[];
}

export const proxyId = (p: ProxyRow) => p.proxyId ?? p.id ?? `${p.cluster}/${p.service}`;

export async function listProxies(mesh: string): Promise<ProxyRow[]> {
  const page = await callOptional<{ items: ProxyRow[] } | ProxyRow[]>(
    "The proxy inventory",
    "GET",
    `/v1/meshes/${enc(mesh)}/proxies?limit=200`,
  );
  return Array.isArray(page) ? page : page.items;
}

export function meshHealth(mesh: string): Promise<MeshHealth> {
  return callOptional<MeshHealth>("The health summary", "GET", `/v1/meshes/${enc(mesh)}/health`);
}

export function serviceGraph(mesh: string, window: MetricWindow): Promise<ServiceGraph> {
  return callOptional<ServiceGraph>(
    "The service graph",
    "GET",
    `/v1/meshes/${enc(mesh)}/graph?window=${window}`,
  );
}

export function meshMetrics(mesh: string, window: MetricWindow, service?: string, namespace?: string) {
  const q = new URLSearchParams({ window });
  if (service) q.set("service", service);
  if (namespace) q.set("namespace", namespace);
  return callOptional<MeshMetrics>("Golden metrics", "GET", `/v1/meshes/${enc(mesh)}/metrics?${q}`);
}

/** The tap stream's URL (Server-Sent Events; the browser sends the session cookie). */
export function tapUrl(mesh: string, filter: { service?: string; path?: string; max?: number }): string {
  const q = new URLSearchParams();
  if (filter.service) q.set("service", filter.service);
  if (filter.path) q.set("path", filter.path);
  q.set("max", String(filter.max ?? 100));
  return `/v1/meshes/${enc(mesh)}/tap?${q}`;
}
