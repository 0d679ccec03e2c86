import { type CaState, loadCa, startRotation } from "@trellis/ca";
import { schema } from "@trellis/db";
import type { MeshCa, RotateCaInput } from "@trellis/protocol/api";
import { eq, sql } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import type { Context } from "../context.ts";
import { conflict } from "../errors.ts";
import { announceConfig, bumpConfigVersion } from "../meshes/config-version.ts";
import { findMesh } from "../meshes/find.ts";
import { settingsOf } from "../meshes/settings.ts";
import type { VerbArgs } from "../verb.ts";
import { ensureMeshCaRow } from "./backend.ts";
import { withCaErrors } from "./errors.ts";
import { nextCa } from "./next-ca.ts";
import { isRotating, loadMeshCaRow, stateOf } from "./store.ts";
import { meshCaView } from "./view.ts";

const activeRoot = (ctx: Context, state: CaState) =>
  loadCa(state, ctx.ca.kek, { acmPca: ctx.ca.acmPca }).issuerInfo().activeRootFingerprint;

/**
 * Starts a zero-downtime trust-bundle rotation (issue 4 item 7): the new root joins the
 * bundle and the config version is bumped so every cluster gets both roots; the worker
 * (rotation-worker.ts) then moves leaves to the new issuer and retires the old root.
 */
export async function rotateMeshCa({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<RotateCaInput & { mesh: string }>): Promise<MeshCa> {
  authorize(actor, "ca.write");
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const row = await ensureMeshCaRow(ctx, mesh.id);
  const current = stateOf(row);
  if (!current) throw conflict("this mesh has no CA yet: upload its external issuer first");
  if (isRotating(row)) throw conflict(`a rotation is already running (phase ${row.rotationPhase})`);
  const settings = (await settingsOf(ctx.db, [mesh.id])).get(mesh.id)!;
  // Outside the transaction: ACM PCA is a network call.
  const next = await withCaErrors(() => nextCa(ctx, mesh.trustDomain, settings.ca, input.external));
  const version = await ctx.db.transaction(async (tx) => {
    const locked = await loadMeshCaRow(tx, mesh.id, { forUpdate: true });
    if (!locked || locked.stateVersion !== row.stateVersion) {
      throw conflict("the mesh CA changed meanwhile; retry");
    }
    const now = ctx.clock.now();
    const rotated = await withCaErrors(() => startRotation(current, ctx.ca.kek, { next, now }));
    const bundleVersion = await bumpConfigVersion(tx, mesh.id, now);
    await tx
      .update(schema.meshCas)
      .set({
        backend: settings.ca.type,
        state: rotated,
        stateVersion: sql`${schema.meshCas.stateVersion} + 1`,
        rotationPhase: "pushing-bundle",
        rotationBundleVersion: bundleVersion,
        rotationOldRoot: activeRoot(ctx, current),
        rotationNewRoot: activeRoot(ctx, next),
        rotationStartedAt: now,
        rotationCommandAt: null,
        rotationFinishedAt: null,
        updatedAt: now,
      })
      .where(eq(schema.meshCas.meshId, mesh.id));
    await recordAudit(tx, actor, requestId, {
      action: "ca.rotate",
      target: mesh.id,
      details: { backend: settings.ca.type, bundleVersion },
    });
    return bundleVersion;
  });
  await announceConfig(ctx, mesh.id, version);
  return withCaErrors(() => meshCaView(ctx, { ...mesh, configVersion: version }));
}
