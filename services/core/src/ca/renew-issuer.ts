import { renewIssuer } from "@trellis/ca";
import { schema } from "@trellis/db";
import type { MeshCa } from "@trellis/protocol/api";
import { eq, sql } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { conflict } from "../errors.ts";
import { findMesh } from "../meshes/find.ts";
import type { VerbArgs } from "../verb.ts";
import { ensureMeshCaRow } from "./backend.ts";
import { withCaErrors } from "./errors.ts";
import { isRotating, loadMeshCaRow, stateOf } from "./store.ts";
import { meshCaView } from "./view.ts";

/**
 * A new issuing certificate under the same root, for an issuer nearing expiry. The bundle
 * does not change, so nothing is pushed: new leaves chain to the new issuer, old ones stay
 * valid until they expire.
 */
export async function renewMeshIssuer({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<{ mesh: string }>): Promise<MeshCa> {
  authorize(actor, "ca.write");
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const row = await ensureMeshCaRow(ctx, mesh.id);
  const current = stateOf(row);
  if (!current) throw conflict("this mesh has no CA yet: upload its external issuer first");
  if (isRotating(row)) throw conflict("a rotation is running; renew the issuer once it is complete");
  const now = ctx.clock.now();
  const renewed = await withCaErrors(() => renewIssuer(current, ctx.ca.kek, { now, acmPca: ctx.ca.acmPca }));
  await ctx.db.transaction(async (tx) => {
    const locked = await loadMeshCaRow(tx, mesh.id, { forUpdate: true });
    if (!locked || locked.stateVersion !== row.stateVersion) {
      throw conflict("the mesh CA changed meanwhile; retry");
    }
    await tx
      .update(schema.meshCas)
      .set({ state: renewed, stateVersion: sql`${schema.meshCas.stateVersion} + 1`, updatedAt: now })
      .where(eq(schema.meshCas.meshId, mesh.id));
    await recordAudit(tx, actor, requestId, { action: "ca.renew_issuer", target: mesh.id });
  });
  return withCaErrors(() => meshCaView(ctx, mesh));
}
