import { schema } from "@trellis/db";
import type { DiscoveredService, Page, PageQuery } from "@trellis/protocol/api";
import { and, asc, eq, gt, inArray, or, sql } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { findMesh } from "../meshes/find.ts";
import { decodeCursor, encodeCursor } from "../pagination.ts";
import { readSnapshot } from "../read-snapshot.ts";
import type { VerbArgs } from "../verb.ts";

type Port = { port: number; protocol: string; name?: string };

/**
 * The services discovered across a mesh's clusters, one item per namespace/name, ordered
 * by namespace then name. The cursor's `k` is the namespace and its `id` the name.
 */
export async function listServices({
  ctx,
  actor,
  input,
}: VerbArgs<PageQuery & { mesh: string }>): Promise<Page<DiscoveredService>> {
  authorize(actor, "read");
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const d = schema.discoveredServices;
  const cursor = decodeCursor(input.cursor);
  const after = cursor
    ? or(gt(d.namespace, cursor.k), and(eq(d.namespace, cursor.k), gt(d.name, cursor.id)))
    : undefined;
  // Both reads in one snapshot: between two separate reads a cluster's discovery could
  // commit, giving a page whose services and clusters disagree (a service missing while its
  // neighbour already shows that cluster).
  return readSnapshot(ctx.db, async (db) => {
    const keys = await db
      .select({ namespace: d.namespace, name: d.name })
      .from(d)
      .where(and(eq(d.meshId, mesh.id), after))
      .groupBy(d.namespace, d.name)
      .orderBy(asc(d.namespace), asc(d.name))
      .limit(input.limit + 1);
    const page = keys.slice(0, input.limit);
    if (page.length === 0) return { items: [], nextCursor: null };
    const c = schema.clusters;
    const rows = await db
      .select({
        namespace: d.namespace,
        name: d.name,
        cluster: c.name,
        ports: d.ports,
        endpointCount: sql<number>`jsonb_array_length(${d.endpoints})`,
        updatedAt: d.updatedAt,
      })
      .from(d)
      .innerJoin(c, eq(c.id, d.clusterId))
      .where(
        and(
          eq(d.meshId, mesh.id),
          inArray(
            sql`(${d.namespace} || '/' || ${d.name})`,
            page.map((k) => `${k.namespace}/${k.name}`),
          ),
        ),
      )
      .orderBy(asc(c.name));
    const items = page.map((k) =>
      serviceDto(
        k,
        rows.filter((r) => r.namespace === k.namespace && r.name === k.name),
      ),
    );
    const last = page[page.length - 1]!;
    return {
      items,
      nextCursor: keys.length > input.limit ? encodeCursor({ k: last.namespace, id: last.name }) : null,
    };
  });
}

function serviceDto(
  key: { namespace: string; name: string },
  rows: { cluster: string; ports: unknown; endpointCount: number; updatedAt: Date }[],
): DiscoveredService {
  const ports: Port[] = [];
  for (const r of rows)
    for (const p of r.ports as Port[])
      if (!ports.some((q) => q.port === p.port))
        ports.push({ port: p.port, protocol: p.protocol, ...(p.name ? { name: p.name } : {}) });
  ports.sort((a, b) => a.port - b.port);
  const clusters = rows.map((r) => ({ cluster: r.cluster, endpoints: Number(r.endpointCount) }));
  const updatedAt = new Date(Math.max(...rows.map((r) => r.updatedAt.getTime())));
  return {
    name: key.name,
    namespace: key.namespace,
    clusters,
    endpoints: clusters.reduce((n, x) => n + x.endpoints, 0),
    ports,
    updatedAt: updatedAt.toISOString(),
  };
}
