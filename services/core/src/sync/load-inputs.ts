import type { CompileInput, DiscoveredClusterService } from "@trellis/compiler/inputs";
import { schema } from "@trellis/db";
import type { ResourceKind } from "@trellis/protocol/resources";
import { asc, eq } from "drizzle-orm";
import { trustBundleFor } from "../ca/trust-bundle.ts";
import type { Context } from "../context.ts";
import { applyEndpointStates, loadEndpointStates } from "../inventory/endpoint-states.ts";
import { settingsOf } from "../meshes/settings.ts";
import { readSnapshot } from "../read-snapshot.ts";

/**
 * Reads everything the compiler needs for one mesh in one repeatable-read transaction,
 * so the version and the content it stamps belong together (DESIGN §3: equal versions
 * carry equal content). Null when the mesh is gone.
 */
export async function loadCompileInput(ctx: Context, meshId: string): Promise<CompileInput | null> {
  return readSnapshot(ctx.db, async (tx) => {
    const [mesh] = await tx.select().from(schema.meshes).where(eq(schema.meshes.id, meshId));
    if (!mesh) return null;
    const r = schema.meshResources;
    const resources = await tx
      // The namespace rides along for the compiler that reads it (snapshot v2); v1 ignores it.
      .select({
        kind: r.kind,
        namespace: r.namespace,
        name: r.name,
        generation: r.generation,
        spec: r.spec,
      })
      .from(r)
      .where(eq(r.meshId, meshId))
      // A stable order: two routes may share a name in two namespaces, and the compiler
      // sorts by name only, so equal inputs must arrive in an equal order.
      .orderBy(asc(r.kind), asc(r.namespace), asc(r.name));
    const c = schema.clusters;
    const clusters = await tx.select({ id: c.id, name: c.name }).from(c).where(eq(c.meshId, meshId));
    const names = new Map(clusters.map((x) => [x.id, x.name]));
    const d = schema.discoveredServices;
    const discovered = await tx.select().from(d).where(eq(d.meshId, meshId));
    // What each workload's proxies report (gone: left out; starting/draining: not ready).
    const states = await loadEndpointStates(tx, { meshId });
    const services: DiscoveredClusterService[] = discovered
      .filter((s) => names.has(s.clusterId))
      .map((s) => ({
        cluster: names.get(s.clusterId)!,
        name: s.name,
        namespace: s.namespace,
        ports: s.ports as DiscoveredClusterService["ports"],
        endpoints: applyEndpointStates(
          s.endpoints as DiscoveredClusterService["endpoints"],
          s.clusterId,
          s.namespace,
          states,
        ),
        addresses: s.addresses as string[],
      }));
    const settings = (await settingsOf(tx, [meshId])).get(meshId)!;
    return {
      mesh: { name: mesh.name, trustDomain: mesh.trustDomain, configVersion: mesh.configVersion },
      settings,
      resources: resources.map((x) => ({ ...x, kind: x.kind as ResourceKind })),
      services,
      clusters,
      trustBundle: await trustBundleFor(ctx, meshId, tx),
    };
  });
}
