import { schema } from "@trellis/db";
import { and, eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { conflict, notFound, preconditionFailed } from "../errors.ts";
import { announceConfig, bumpConfigVersion } from "../meshes/config-version.ts";
import { findMesh } from "../meshes/find.ts";
import type { VerbArgs } from "../verb.ts";
import { resourceEtag } from "./dto.ts";
import { describeIdentity, parseIdentity } from "./identity.ts";

export async function deleteResource({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<{
  mesh: string;
  kind: string;
  namespace?: string | undefined;
  name: string;
  ifMatch: string | undefined;
}>) {
  const id = parseIdentity(input);
  const { kind } = id;
  if (kind === "MeshSettings")
    throw conflict("a mesh always has its MeshSettings; PUT a new spec to change it");
  authorize(actor, "resources.write");
  const { meshId, version } = await ctx.db.transaction(async (tx) => {
    const mesh = await findMesh(tx, actor.orgId, input.mesh, "update");
    const r = schema.meshResources;
    const [row] = await tx
      .select()
      .from(r)
      .where(
        and(eq(r.meshId, mesh.id), eq(r.kind, kind), eq(r.namespace, id.namespace), eq(r.name, id.name)),
      );
    if (!row) throw notFound(`${describeIdentity(id)} in mesh ${input.mesh}`);
    if (input.ifMatch !== undefined && input.ifMatch !== "*" && input.ifMatch !== resourceEtag(row)) {
      throw preconditionFailed(
        `${describeIdentity(id)} changed since ${input.ifMatch}; it is now ${resourceEtag(row)}`,
      );
    }
    await tx.delete(r).where(eq(r.id, row.id));
    const version = await bumpConfigVersion(tx, mesh.id, ctx.clock.now());
    await recordAudit(tx, actor, requestId, {
      action: "resource.delete",
      target: row.id,
      details: { mesh: mesh.name, ...id },
    });
    return { meshId: mesh.id, version };
  });
  await announceConfig(ctx, meshId, version);
}
