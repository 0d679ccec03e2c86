import { schema, type Tx } from "@trellis/db";
import type { ResourceKind } from "@trellis/protocol/resources";
import type {
  ResourceStatus__Input,
  ResourceSync,
  ResourceSyncResult__Input,
} from "@trellis/protocol/tunnel";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Context } from "../context.ts";
import { newId } from "../ids.ts";
import { announceConfig, bumpConfigVersion } from "../meshes/config-version.ts";
import type { TunnelCluster } from "../tunnel-auth/tunnel-cluster.ts";
import { accepted, type ClusterReading, readClusterResource } from "./cluster-document.ts";
import { resourceStatus } from "./conditions.ts";
import { loadStatusInputs } from "./status-inputs.ts";
import { planSync, type StoredResource, type SyncPlan, type SyncStep } from "./sync-plan.ts";

type Row = typeof schema.meshResources.$inferSelect;

/** More than any cluster should declare; a bigger sync is refused as a whole, not half-applied. */
export const maxSyncedResources = 5_000;

/**
 * Takes a cluster's full ResourceSync (its Kubernetes custom resources) into the mesh:
 * creates and updates the resources it owns, deletes those it no longer declares, refuses
 * what the API or another cluster owns (planSync), bumps the mesh's config version once if
 * any spec changed, and answers every object's conditions. A cluster that was deleted
 * meanwhile gets no answer (null).
 */
export async function syncClusterResources(
  ctx: Context,
  cluster: TunnelCluster,
  sync: Pick<ResourceSync, "syncId" | "resources">,
): Promise<ResourceSyncResult__Input | null> {
  const readings = sync.resources.map(readClusterResource);
  if (readings.length > maxSyncedResources) return tooMany(sync.syncId, readings);
  const done = await ctx.db.transaction(async (tx) => {
    // Serializes the syncs of one cluster (a stream being replaced sends one too).
    const [held] = await tx
      .select({ id: schema.clusters.id })
      .from(schema.clusters)
      .where(eq(schema.clusters.id, cluster.id))
      .for("update");
    if (!held) return null;
    let plan = await planFor(tx, cluster, readings);
    if (!hasWrites(plan)) return { plan, version: null, ids: rowIds(plan) };
    // Writes take the mesh row first (as API writes do), then plan again under it.
    await tx
      .select({ id: schema.meshes.id })
      .from(schema.meshes)
      .where(eq(schema.meshes.id, cluster.meshId))
      .for("update");
    plan = await planFor(tx, cluster, readings);
    return { plan, ...(await applyPlan(ctx, tx, cluster, plan)) };
  });
  if (!done) return null;
  if (done.version !== null) await announceConfig(ctx, cluster.meshId, done.version);
  return { syncId: sync.syncId, resources: await statusesOf(ctx, cluster, readings, done) };
}

async function planFor(tx: Tx, cluster: TunnelCluster, readings: ClusterReading[]): Promise<SyncPlan> {
  const r = schema.meshResources;
  const names = [...new Set(readings.map((x) => (x.outcome === "resource" ? x.resource.name : x.ref.name)))];
  const candidates = await tx
    .select()
    .from(r)
    .where(
      and(
        eq(r.meshId, cluster.meshId),
        or(eq(r.ownerClusterId, cluster.id), names.length ? inArray(r.name, names) : undefined),
      ),
    );
  const c = schema.clusters;
  const clusters = await tx.select({ id: c.id, name: c.name }).from(c).where(eq(c.meshId, cluster.meshId));
  return planSync(
    readings,
    candidates as StoredResource[],
    { clusterId: cluster.id, clusterName: cluster.name },
    new Map(clusters.map((x) => [x.id, x.name])),
  );
}

const hasWrites = (plan: SyncPlan) =>
  plan.deletes.length > 0 || plan.steps.some((s) => s.action === "insert" || s.action === "update");

/** The stored row each step leaves (null for refused and skipped objects); inserts are not known yet. */
const rowIds = (plan: SyncPlan) =>
  plan.steps.map((s) => (s.action === "unchanged" || s.action === "update" ? s.id : null));

/**
 * Writes the plan; returns the new config version when a spec changed (else null) and
 * each step's row id.
 */
async function applyPlan(
  ctx: Context,
  tx: Tx,
  cluster: TunnelCluster,
  plan: SyncPlan,
): Promise<{ version: number | null; ids: (string | null)[] }> {
  const r = schema.meshResources;
  const now = ctx.clock.now();
  const specChanges =
    plan.deletes.length > 0 ||
    plan.steps.some((s) => s.action === "insert" || (s.action === "update" && s.specChanged));
  const version = specChanges ? await bumpConfigVersion(tx, cluster.meshId, now) : null;
  const ids = rowIds(plan);
  for (const [i, step] of plan.steps.entries()) {
    if (step.action === "insert") {
      const { resource: d } = step;
      const id = newId("resource");
      await tx.insert(r).values({
        id,
        orgId: cluster.orgId,
        meshId: cluster.meshId,
        kind: d.kind,
        namespace: d.namespace,
        name: d.name,
        apiVersion: d.apiVersion,
        labels: d.labels,
        annotations: d.annotations,
        spec: d.spec,
        specConfigVersion: version!,
        ownerClusterId: cluster.id,
      });
      ids[i] = id;
      await audit(tx, cluster, "resource.create", id, d);
    } else if (step.action === "update") {
      const { resource: d } = step;
      const [row] = await tx
        .update(r)
        .set({
          apiVersion: d.apiVersion,
          labels: d.labels,
          annotations: d.annotations,
          spec: d.spec,
          ...(step.specChanged ? { specConfigVersion: version! } : {}),
          generation: incremented(),
          updatedAt: now,
        })
        .where(eq(r.id, step.id))
        .returning({ generation: r.generation });
      await audit(tx, cluster, "resource.update", step.id, d, row?.generation);
    }
  }
  for (const row of plan.deletes) {
    await tx.delete(r).where(eq(r.id, row.id));
    await audit(tx, cluster, "resource.delete", row.id, row);
  }
  return { version, ids };
}

const incremented = () => sql`${schema.meshResources.generation} + 1`;

/** The audit row of a cluster's change: the actor is the cluster, as its connector wrote it. */
async function audit(
  tx: Tx,
  cluster: TunnelCluster,
  action: string,
  target: string,
  id: { kind: string; namespace: string; name: string },
  generation?: number,
): Promise<void> {
  await tx.insert(schema.auditLog).values({
    id: newId("audit"),
    orgId: cluster.orgId,
    actor: cluster.id,
    actorLabel: `cluster ${cluster.name}`,
    action,
    target,
    requestId: null,
    details: {
      mesh: cluster.meshName,
      kind: id.kind,
      namespace: id.namespace,
      name: id.name,
      via: "kubernetes",
      ...(generation === undefined ? {} : { generation }),
    },
  });
}

/** Every object's conditions: the API's own for what the mesh holds, the refusal otherwise. */
async function statusesOf(
  ctx: Context,
  cluster: TunnelCluster,
  readings: ClusterReading[],
  done: { plan: SyncPlan; ids: (string | null)[] },
): Promise<ResourceStatus__Input[]> {
  const ids = done.ids.filter((id): id is string => id !== null);
  const r = schema.meshResources;
  const rows: Row[] = ids.length ? await ctx.db.select().from(r).where(inArray(r.id, ids)) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const inputs = await loadStatusInputs(ctx.db, cluster.meshId);
  return readings.map((reading, i) => {
    const step = done.plan.steps[i]!;
    const row = done.ids[i] ? byId.get(done.ids[i]!) : undefined;
    const base = {
      apiVersion: reading.ref.apiVersion,
      kind: reading.ref.kind,
      namespace: reading.ref.namespace,
      name: reading.ref.name,
      observedGeneration: reading.ref.generation,
    };
    return { ...base, conditions: conditionsOf(step, row, inputs) };
  });
}

function conditionsOf(
  step: SyncStep,
  row: Row | undefined,
  inputs: Awaited<ReturnType<typeof loadStatusInputs>>,
): ResourceStatus__Input["conditions"] {
  if (step.action === "skipped") return [];
  if (step.action === "refused") return [step.condition];
  // Deleted between the commit and this read (another sync): the next sync answers.
  if (!row) return [];
  return resourceStatus({ ...row, kind: row.kind as ResourceKind }, inputs).conditions.map((c) => ({
    type: c.type,
    status: c.status,
    reason: c.reason,
    message: c.message,
  }));
}

function tooMany(syncId: number, readings: ClusterReading[]): ResourceSyncResult__Input {
  const condition = accepted(
    "TooManyResources",
    `the cluster declares ${readings.length} mesh resources; a mesh takes at most ${maxSyncedResources} from one cluster, so none of this sync was applied`,
  );
  return {
    syncId,
    resources: readings.map((x) => ({
      apiVersion: x.ref.apiVersion,
      kind: x.ref.kind,
      namespace: x.ref.namespace,
      name: x.ref.name,
      observedGeneration: x.ref.generation,
      conditions: [condition],
    })),
  };
}
