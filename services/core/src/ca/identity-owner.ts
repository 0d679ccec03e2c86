import type { ParsedSpiffeId } from "@trellis/protocol/spiffe";
import { sql } from "drizzle-orm";
import type { Context } from "../context.ts";

/**
 * Whether a cluster discovered the workload an identity names (issue 4 item 3): a
 * Kubernetes identity needs an endpoint in that namespace with that service account (no
 * account means `default`, as the compiler reads it), a VM identity an endpoint with that
 * VM name. So a connector can obtain only its own workloads' identities, never another
 * cluster's. One indexed query over the cluster's discovered endpoints.
 */
export async function clusterDiscovered(
  db: Context["db"],
  clusterId: string,
  id: Extract<ParsedSpiffeId, { kind: "workload" | "vm" }>,
): Promise<boolean> {
  const match =
    id.kind === "vm"
      ? sql`coalesce(e->>'vmName', '') = ${id.name}`
      : sql`d.namespace = ${id.namespace}
          and coalesce(e->>'vmName', '') = ''
          and coalesce(nullif(e->>'serviceAccount', ''), 'default') = ${id.serviceAccount}`;
  const rows = await db.execute(sql`
    select 1 as found
    from discovered_services d, jsonb_array_elements(d.endpoints) e
    where d.cluster_id = ${clusterId} and ${match}
    limit 1`);
  return rowCount(rows) > 0;
}

/** `execute` answers an array (postgres-js) or `{ rows }` (PGlite). */
function rowCount(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  return (result as { rows?: unknown[] }).rows?.length ?? 0;
}
