import { schema } from "@trellis/db";
import type { Cluster, Page, PageQuery } from "@trellis/protocol/api";
import { and, asc, eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { findMesh } from "../meshes/find.ts";
import { afterCursor, decodeCursor, toPage } from "../pagination.ts";
import { isConnected } from "../sync/connection.ts";
import type { VerbArgs } from "../verb.ts";
import { clusterDto } from "./dto.ts";
import { findCluster } from "./find.ts";

export async function listClusters({
  ctx,
  actor,
  input,
}: VerbArgs<PageQuery & { mesh: string }>): Promise<Page<Cluster>> {
  authorize(actor, "read");
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const c = schema.clusters;
  const rows = await ctx.db
    .select()
    .from(c)
    .where(and(eq(c.meshId, mesh.id), afterCursor(c.name, c.id, decodeCursor(input.cursor), false)))
    .orderBy(asc(c.name), asc(c.id))
    .limit(input.limit + 1);
  return toPage(
    rows,
    input.limit,
    (r) => clusterDto(r, mesh.name, mesh.configVersion, isConnected(ctx, r)),
    (r) => ({ k: r.name, id: r.id }),
  );
}

export async function getCluster({
  ctx,
  actor,
  input,
}: VerbArgs<{ mesh: string; name: string }>): Promise<Cluster> {
  authorize(actor, "read");
  const { mesh, cluster } = await findCluster(ctx.db, actor.orgId, input.mesh, input.name);
  return clusterDto(cluster, mesh.name, mesh.configVersion, isConnected(ctx, cluster));
}
