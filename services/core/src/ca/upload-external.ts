import { schema } from "@trellis/db";
import type { ExternalCaInput, MeshCa } from "@trellis/protocol/api";
import { eq, sql } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { conflict } from "../errors.ts";
import { announceConfig, bumpConfigVersion } from "../meshes/config-version.ts";
import { findMesh } from "../meshes/find.ts";
import type { VerbArgs } from "../verb.ts";
import { ensureMeshCaRow } from "./backend.ts";
import { withCaErrors } from "./errors.ts";
import { externalCa } from "./next-ca.ts";
import { loadMeshCaRow } from "./store.ts";
import { meshCaView } from "./view.ts";

/**
 * The first issuer of a mesh whose settings say `external` (issue 4 item 6): validated by
 * the CA library with a precise message per problem (422), its key sealed at once. The
 * root enters the bundle, so the config version is bumped. Replacing it later is a rotation.
 */
export async function uploadExternalCa({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<ExternalCaInput & { mesh: string }>): Promise<MeshCa> {
  authorize(actor, "ca.write");
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const row = await ensureMeshCaRow(ctx, mesh.id);
  if (row.backend !== "external") {
    throw conflict(`this mesh's CA is ${row.backend}; set settings.ca.type to external and rotate instead`);
  }
  if (row.state !== null) {
    throw conflict(
      "this mesh already has its external issuer; replace it with POST …/ca/rotate { external }",
    );
  }
  const state = await withCaErrors(() => externalCa(ctx, mesh.trustDomain, input));
  const version = await ctx.db.transaction(async (tx) => {
    const locked = await loadMeshCaRow(tx, mesh.id, { forUpdate: true });
    if (!locked || locked.state !== null) throw conflict("the mesh CA changed meanwhile; retry");
    const now = ctx.clock.now();
    await tx
      .update(schema.meshCas)
      .set({ state, stateVersion: sql`${schema.meshCas.stateVersion} + 1`, updatedAt: now })
      .where(eq(schema.meshCas.meshId, mesh.id));
    await recordAudit(tx, actor, requestId, { action: "ca.external.upload", target: mesh.id });
    return bumpConfigVersion(tx, mesh.id, now);
  });
  await announceConfig(ctx, mesh.id, version);
  return withCaErrors(() => meshCaView(ctx, mesh));
}
