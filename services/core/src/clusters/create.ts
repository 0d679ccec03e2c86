import { schema } from "@trellis/db";
import type { CreatedCluster } from "@trellis/protocol/api";
import { and, eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { conflict } from "../errors.ts";
import { newId } from "../ids.ts";
import { findMesh } from "../meshes/find.ts";
import type { VerbArgs } from "../verb.ts";
import { clusterDto } from "./dto.ts";
import { issueJoinToken } from "./join-token.ts";

/** Registers a cluster and returns its one-time join token (shown once). */
export async function createCluster({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<{ mesh: string; name: string }>): Promise<CreatedCluster> {
  authorize(actor, "clusters.write");
  return ctx.db.transaction(async (tx) => {
    const mesh = await findMesh(tx, actor.orgId, input.mesh, "share");
    const c = schema.clusters;
    const taken = await tx
      .select({ id: c.id })
      .from(c)
      .where(and(eq(c.meshId, mesh.id), eq(c.name, input.name)));
    if (taken.length > 0)
      throw conflict(`a cluster named ${input.name} already exists in mesh ${input.mesh}`);
    const [row] = await tx
      .insert(c)
      .values({ id: newId("cluster"), orgId: actor.orgId, meshId: mesh.id, name: input.name })
      .returning();
    const joinToken = await issueJoinToken(tx, actor.orgId, row!.id, ctx.clock.now());
    await recordAudit(tx, actor, requestId, {
      action: "cluster.create",
      target: row!.id,
      details: { mesh: mesh.name, name: input.name },
    });
    return { cluster: clusterDto(row!, mesh.name, mesh.configVersion, false), joinToken };
  });
}
