import { schema } from "@trellis/db";
import { and, eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { conflict, notFound, preconditionFailed } from "../errors.ts";
import { announceConfig, bumpConfigVersion } from "../meshes/config-version.ts";
import { findMesh } from "../meshes/find.ts";
import type { VerbArgs } from "../verb.ts";
import { resourceEtag } from "./dto.ts";
import { parseKind } from "./parse-kind.ts";

export async function deleteResource({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<{ mesh: string; kind: string; name: string; ifMatch: string | undefined }>) {
  const kind = parseKind(input.kind);
  if (kind === "MeshSettings")
    throw conflict("a mesh always has its MeshSettings; PUT a new spec to change it");
  authorize(actor, "resources.write");
  const { meshId, version } = await ctx.db.transaction(async (tx) => {
    const mesh = await findMesh(tx, actor.orgId, input.mesh, "update");
    const r = schema.meshResources;
    const [row] = await tx
      .select()
      .from(r)
      .where(and(eq(r.meshId, mesh.id), eq(r.kind, kind), eq(r.name, input.name)));
    if (!row) throw notFound(`${kind} ${input.name} in mesh ${input.mesh}`);
    if (input.ifMatch !== undefined && input.ifMatch !== "*" && input.ifMatch !== resourceEtag(row)) {
      throw preconditionFailed(
        `${kind} ${input.name} changed since ${input.ifMatch}; it is now ${resourceEtag(row)}`,
      );
    }
    await tx.delete(r).where(eq(r.id, row.id));
    const version = await bumpConfigVersion(tx, mesh.id, ctx.clock.now());
    await recordAudit(tx, actor, requestId, {
      action: "resource.delete",
      target: row.id,
      details: { mesh: mesh.name, kind, name: input.name },
    });
    return { meshId: mesh.id, version };
  });
  await announceConfig(ctx, meshId, version);
}
