import type { Tx } from "@trellis/db";
import { sql } from "drizzle-orm";
import { rowsOf } from "../sync/connection.ts";

/**
 * What the proxies of one workload say about its endpoints, as the config compiler needs it
 * (issue 13 §6: discovery and proxy health feed the snapshot):
 *  - `gone`      every proxy of the workload is gone — the endpoint leaves every snapshot;
 *  - `not_ready` none serves, one is starting or draining — listed, `ready: false`;
 *  - absent      a proxy serves (ready, or health unknown — never drop on doubt), or no proxy
 *                ever reported: discovery alone decides.
 * Keyed by `cluster id/namespace/workload`; only workloads that are discovered endpoints, so a
 * proxy no service selects never changes a snapshot.
 */
export type EndpointState = "gone" | "not_ready";
export type EndpointStates = Map<string, EndpointState>;

export const endpointKey = (clusterId: string, namespace: string, workload: string) =>
  `${clusterId}/${namespace}/${workload}`;

/** The endpoint states of the given clusters' workloads, from the inventory (`where` picks the clusters). */
export async function loadEndpointStates(
  tx: Pick<Tx, "execute">,
  where: { clusterId: string } | { meshId: string },
): Promise<EndpointStates> {
  const filter = "clusterId" in where ? sql`cluster_id = ${where.clusterId}` : sql`mesh_id = ${where.meshId}`;
  const rows = rowsOf<{ cluster_id: string; namespace: string; workload: string; state: string }>(
    await tx.execute(sql`
      select cluster_id, namespace, workload,
        case when bool_or(health not in ('gone', 'not_ready', 'draining')) then 'serving'
             when bool_or(health <> 'gone') then 'not_ready' else 'gone' end as state
      from proxies p where ${filter} and workload <> ''
        -- Only workloads that are endpoints the cluster discovered can change a snapshot.
        and exists (select 1 from discovered_services d, jsonb_array_elements(d.endpoints) e
          where d.cluster_id = p.cluster_id and d.namespace = p.namespace and e->>'workload' = p.workload)
      group by cluster_id, namespace, workload`),
  );
  const states: EndpointStates = new Map();
  for (const r of rows)
    if (r.state !== "serving")
      states.set(endpointKey(r.cluster_id, r.namespace, r.workload), r.state as EndpointState);
  return states;
}

/** Whether two readings would compile to the same snapshot. Pure. */
export function sameEndpointStates(a: EndpointStates, b: EndpointStates): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/**
 * A cluster's discovered endpoints of one service with the proxies' word applied: gone
 * endpoints left out, not-ready ones marked so. Endpoints without a workload name cannot be
 * matched to a proxy and stay as discovered. Pure.
 */
export function applyEndpointStates<E extends { workload: string; ready: boolean }>(
  endpoints: E[],
  clusterId: string,
  namespace: string,
  states: EndpointStates,
): E[] {
  if (states.size === 0) return endpoints;
  return endpoints.flatMap((e) => {
    const state = e.workload ? states.get(endpointKey(clusterId, namespace, e.workload)) : undefined;
    if (state === "gone") return [];
    return state === "not_ready" ? [{ ...e, ready: false }] : [e];
  });
}
