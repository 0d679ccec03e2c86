import { msFromTimestamp, type ProxyReport, type ProxyStatus } from "@trellis/protocol/tunnel";
import { sql } from "drizzle-orm";
import { hourStart } from "../billing/hours.ts";
import type { Context } from "../context.ts";
import { announceConfig, bumpConfigVersion } from "../meshes/config-version.ts";
import { controlPlaneMetrics } from "../observability/control-plane-metrics.ts";
import type { TunnelCluster } from "../tunnel-auth/tunnel-cluster.ts";
import { loadEndpointStates, sameEndpointStates } from "./endpoint-states.ts";

const healthNames: Record<string, string> = {
  PROXY_HEALTH_READY: "ready",
  PROXY_HEALTH_NOT_READY: "not_ready",
  PROXY_HEALTH_DRAINING: "draining",
};

/** How a ProxyKind is stored; unspecified (a connector that predates the field) is trellis-proxy. */
const kindNames: Record<string, string> = {
  PROXY_KIND_ENVOY: "envoy",
  PROXY_KIND_GRPC_PROXYLESS: "grpc-proxyless",
};

const dateOf = (ts: ProxyStatus["startedAt"]) => {
  const ms = msFromTimestamp(ts);
  return ms === null || ms === 0 ? null : new Date(ms);
};

/**
 * Stores a connector's ProxyReport in the inventory. Each report is the cluster's full
 * set: reported proxies are upserted (last seen now), proxies it no longer lists are
 * marked `gone` — kept for the retention period so operators see what disappeared, then
 * pruned by the worker. One statement per report keeps ingestion cheap. When the report
 * changes what the proxies say about their endpoints (one went gone, stopped or came back:
 * endpoint-states.ts), the mesh's config version is bumped in the same transaction, so every
 * cluster's endpoint sets follow within seconds.
 */
export async function ingestProxyReport(
  ctx: Context,
  cluster: TunnelCluster,
  report: ProxyReport,
): Promise<void> {
  const m = controlPlaneMetrics(ctx.metrics);
  try {
    const count = await store(ctx, cluster, report.proxies);
    m.reportsIngested.inc({ kind: "proxy_report" });
    m.reportItemsIngested.inc({ kind: "proxy" }, count);
  } catch (err) {
    m.reportsFailed.inc({ kind: "proxy_report" });
    throw err;
  }
}

type Row = Record<string, string | number | Date | null | { version: number; error: string }>;

async function store(ctx: Context, cluster: TunnelCluster, statuses: ProxyStatus[]): Promise<number> {
  const at = ctx.clock.now();
  const now = at.toISOString();
  const hour = hourStart(at).toISOString();
  const unique = new Map(statuses.filter((x) => x.proxyId).map((x) => [x.proxyId, x]));
  const rows: Row[] = [...unique.values()].map((x) => ({
    proxy_id: x.proxyId,
    service: x.service,
    namespace: x.namespace,
    workload: x.workload,
    identity: x.identity,
    version: x.proxyVersion,
    applied: x.appliedConfigVersion > 0 ? x.appliedConfigVersion : null,
    health: healthNames[x.health] ?? "unknown",
    started_at: dateOf(x.startedAt),
    cert_not_after: dateOf(x.certNotAfter),
    cert_root_fingerprint: x.certRootFingerprint || null,
    last_nack: x.lastNack
      ? { version: Number(x.lastNack.version), error: x.lastNack.error.slice(0, 2048) }
      : null,
    kind: kindNames[x.kind] ?? "trellis-proxy",
    user_agent: x.userAgent.slice(0, 256),
  }));
  // One statement, one round trip, whatever the report's size: the rows travel as one
  // JSON parameter (8× cheaper than a 16-parameter-per-row VALUES list here). The CTE
  // upserts; the outer UPDATE marks the proxies the report no longer lists as gone. A proxy
  // keeps the moment it first fell behind the mesh's version until it catches up.
  const version = await ctx.db.transaction(async (tx) => {
    // A cluster's reports are ordered by its one stream's queue (with its discovery updates);
    // no cluster row lock here, so the bump below takes mesh → clusters in the same order as
    // every other writer of versions. A sweep running meanwhile bumps on its own.
    const before = await loadEndpointStates(tx, { clusterId: cluster.id });
    await tx.execute(upsertStatement(cluster, now, hour, rows, [...unique.keys()]));
    const after = await loadEndpointStates(tx, { clusterId: cluster.id });
    return sameEndpointStates(before, after) ? null : bumpConfigVersion(tx, cluster.meshId, ctx.clock.now());
  });
  if (version !== null) await announceConfig(ctx, cluster.meshId, version);
  return unique.size;
}

// `metered` records each listed proxy once per hour for billing (billing/meter.ts).
function upsertStatement(cluster: TunnelCluster, now: string, hour: string, rows: Row[], listed: string[]) {
  const ids = JSON.stringify(listed);
  return sql`
    with mesh as (select config_version from meshes where id = ${cluster.meshId}),
    upserted as (
      insert into proxies (cluster_id, proxy_id, org_id, mesh_id, service, namespace, workload, identity, version,
        applied_config_version, health, started_at, last_seen_at, cert_not_after, cert_root_fingerprint, last_nack,
        lagging_since, kind, user_agent)
      select ${cluster.id}, x.proxy_id, ${cluster.orgId}, ${cluster.meshId}, x.service, x.namespace, x.workload,
        x.identity, x.version, x.applied, x.health, x.started_at, ${now}::timestamptz, x.cert_not_after, x.cert_root_fingerprint,
        x.last_nack,
        case when x.applied is null or x.applied < mesh.config_version then ${now}::timestamptz end,
        x.kind, x.user_agent
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(proxy_id text, service text, namespace text,
        workload text, identity text, version text, applied bigint, health text, started_at timestamptz,
        cert_not_after timestamptz, cert_root_fingerprint text, last_nack jsonb, kind text, user_agent text), mesh
      on conflict (cluster_id, proxy_id) do update set
        service = excluded.service, namespace = excluded.namespace, workload = excluded.workload,
        identity = excluded.identity, version = excluded.version,
        applied_config_version = excluded.applied_config_version, health = excluded.health,
        started_at = excluded.started_at, last_seen_at = excluded.last_seen_at,
        cert_not_after = excluded.cert_not_after, cert_root_fingerprint = excluded.cert_root_fingerprint,
        last_nack = excluded.last_nack, kind = excluded.kind, user_agent = excluded.user_agent,
        lagging_since = case when excluded.lagging_since is null then null
          when proxies.health = 'gone' then excluded.lagging_since
          else coalesce(proxies.lagging_since, excluded.lagging_since) end
      returning 1
    ),
    metered as (
      insert into proxy_hours (org_id, hour, cluster_id, proxy_id)
      select ${cluster.orgId}, ${hour}::timestamptz, ${cluster.id}, id
      from jsonb_array_elements_text(${ids}::jsonb) as id
      on conflict do nothing
    )
    update proxies set health = 'gone'
    where cluster_id = ${cluster.id} and health <> 'gone'
      and proxy_id not in (select jsonb_array_elements_text(${ids}::jsonb))`;
}
