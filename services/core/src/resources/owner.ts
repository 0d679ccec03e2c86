import { schema, type Tx } from "@trellis/db";
import type { ResourceOwner } from "@trellis/protocol/resources";
import { eq } from "drizzle-orm";
import { conflict } from "../errors.ts";
import { describeIdentity, type ResourceIdentity } from "./identity.ts";

/** Who may change a resource (see `resourceOwnerSchema`); `clusterNames` maps ids to names. */
export function ownerOf(
  row: { ownerClusterId: string | null },
  clusterNames: ReadonlyMap<string, string>,
): ResourceOwner {
  if (!row.ownerClusterId) return { kind: "api" };
  return {
    kind: "cluster",
    clusterId: row.ownerClusterId,
    cluster: clusterNames.get(row.ownerClusterId) ?? row.ownerClusterId,
  };
}

/**
 * The 409 an API write gets for a resource a cluster owns: names the owner and how to
 * change the resource (or take it over), since a write here would be undone by the
 * cluster's next sync.
 */
export function ownedByCluster(id: ResourceIdentity, cluster: string, verb: "change" | "delete") {
  return conflict(
    `${describeIdentity(id)} is owned by cluster ${cluster}: it was synced from that cluster's Kubernetes ` +
      `custom resource, so the API may not ${verb} it. Edit it in the cluster (kubectl, or your GitOps ` +
      `repository); to manage it through the API instead, delete it in the cluster first.`,
  );
}

/** Throws the 409 above when a cluster owns the row an API write found. */
export async function refuseIfClusterOwned(
  tx: Tx,
  row: { ownerClusterId: string | null } | undefined,
  id: ResourceIdentity,
  verb: "change" | "delete",
): Promise<void> {
  if (!row?.ownerClusterId) return;
  const c = schema.clusters;
  const [cluster] = await tx.select({ name: c.name }).from(c).where(eq(c.id, row.ownerClusterId));
  throw ownedByCluster(id, cluster?.name ?? row.ownerClusterId, verb);
}
