import { defaultNamespace, type MeshDocument } from "@trellis/protocol/resources";
import type { ResourceCondition__Input } from "@trellis/protocol/tunnel";
import { accepted, type ClusterReading } from "./cluster-document.ts";
import { sameSpec } from "./same-spec.ts";

/** What a sync needs to know of a stored resource. */
export interface StoredResource {
  id: string;
  kind: string;
  namespace: string;
  name: string;
  ownerClusterId: string | null;
  apiVersion: string;
  labels: unknown;
  annotations: unknown;
  spec: unknown;
}

export type SyncStep =
  | { action: "insert"; resource: MeshDocument }
  | { action: "update"; id: string; resource: MeshDocument; specChanged: boolean }
  | { action: "unchanged"; id: string }
  | { action: "refused"; condition: ResourceCondition__Input }
  | { action: "skipped" };

export interface SyncPlan {
  /** One step per reading, in order. */
  steps: SyncStep[];
  /** Rows this cluster owns that its sync no longer declares: deleted in the cluster. */
  deletes: StoredResource[];
}

export const keyOf = (r: { kind: string; namespace: string; name: string }) =>
  `${r.kind}/${r.namespace || defaultNamespace}/${r.name}`;

/**
 * Decides what a cluster's full sync does (pure): the cluster owns what it created; an
 * object the API or another cluster owns is refused with a condition naming the owner and
 * what to do; an invalid object changes nothing (the stored version, if any, stays); an
 * object declared twice (trellis.dev and Gateway API copies of one route) is taken once.
 */
export function planSync(
  readings: readonly ClusterReading[],
  stored: readonly StoredResource[],
  self: { clusterId: string; clusterName: string },
  clusterNames: ReadonlyMap<string, string>,
): SyncPlan {
  const byKey = new Map(stored.map((r) => [keyOf(r), r]));
  const declared = new Map<string, string>();
  const steps = readings.map((reading): SyncStep => {
    if (reading.outcome === "skipped") return { action: "skipped" };
    const key = reading.outcome === "resource" ? keyOf(reading.resource) : keyOf(reading.ref);
    const row = byKey.get(key);
    const first = declared.get(key);
    if (!first) declared.set(key, `${reading.ref.apiVersion} ${reading.ref.kind}`);
    if (reading.outcome === "refused") {
      const kept = row?.ownerClusterId === self.clusterId ? "; the mesh keeps its last valid version" : "";
      return {
        action: "refused",
        condition: { ...reading.condition, message: reading.condition.message + kept },
      };
    }
    const r = reading.resource;
    if (first)
      return refuse("Conflict", `${what(r)} is declared twice in this cluster; the mesh takes the ${first}`);
    if (!row) return { action: "insert", resource: r };
    if (row.ownerClusterId === null) return refuse("OwnedByAPI", ownedByApi(r));
    if (row.ownerClusterId !== self.clusterId) {
      const owner = clusterNames.get(row.ownerClusterId) ?? row.ownerClusterId;
      return refuse(
        "OwnedByCluster",
        `${what(r)} is owned by cluster ${owner}, which synced it first; the mesh keeps that cluster's version. ` +
          `Delete one of the two copies (one cluster per resource).`,
      );
    }
    const specChanged = !sameSpec(row.spec, r.spec);
    const metaChanged = !sameSpec(
      { a: row.apiVersion, l: row.labels, n: row.annotations },
      { a: r.apiVersion, l: r.labels, n: r.annotations },
    );
    if (!specChanged && !metaChanged) return { action: "unchanged", id: row.id };
    return { action: "update", id: row.id, resource: r, specChanged };
  });
  const deletes = stored.filter((r) => r.ownerClusterId === self.clusterId && !declared.has(keyOf(r)));
  return { steps, deletes };
}

const what = (r: MeshDocument) => `${r.kind} ${r.namespace}/${r.name}`;

function refuse(reason: string, message: string): SyncStep {
  return { action: "refused", condition: accepted(reason, message) };
}

function ownedByApi(r: MeshDocument): string {
  if (r.kind === "MeshSettings")
    return (
      "MeshSettings is mesh-wide (every cluster of the mesh runs it) and always owned by the API: " +
      "the cluster's copy is ignored. Change it through the API (`trellis apply` of a MeshSettings document, or the console)."
    );
  return (
    `${what(r)} already exists in the mesh and is owned by the API (trellis apply, the console or ` +
    `Terraform), so the cluster's copy is ignored. Change it through the API, or delete it there ` +
    `(trellis delete ${r.kind} ${r.name} -n ${r.namespace}) and this cluster takes it over on its next sync.`
  );
}
