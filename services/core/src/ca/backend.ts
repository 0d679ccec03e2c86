import { type CaBackend, type CaState, loadCa } from "@trellis/ca";
import { schema } from "@trellis/db";
import { eq } from "drizzle-orm";
import type { Context } from "../context.ts";
import { AppError } from "../errors.ts";
import { settingsOf } from "../meshes/settings.ts";
import { newMeshCa } from "./new-ca.ts";
import { loadMeshCaRow, type MeshCaRow, stateOf } from "./store.ts";

/**
 * What signs leaves right now. While a rotation is pushing its bundle, peers may not yet
 * trust the new root, so leaves keep coming from the old issuer (the bundle already holds
 * both roots); once every cluster has the bundle, the new issuer takes over.
 */
export function signingView(row: MeshCaRow, state: CaState): CaState {
  if (row.rotationPhase === "pushing-bundle" && state.retiring) {
    return { ...state, active: state.retiring, retiring: state.active };
  }
  return state;
}

/** The mesh's loaded CA backend: its keys are unsealed once per state version and phase. */
export async function backendFor(
  ctx: Context,
  meshId: string,
): Promise<{ row: MeshCaRow; backend: CaBackend }> {
  const row = await ensureMeshCaRow(ctx, meshId);
  const state = stateOf(row);
  if (!state) {
    throw new AppError(
      "unavailable",
      "this mesh uses an external CA and no issuing certificate was uploaded yet (POST /v1/meshes/{mesh}/ca/external)",
    );
  }
  const key = `${row.stateVersion}:${row.rotationPhase === "pushing-bundle" ? "hold" : "live"}`;
  let backend = ctx.ca.cached(meshId, key);
  if (!backend) {
    backend = loadCa(signingView(row, state), ctx.ca.kek, {
      now: () => ctx.clock.now(),
      acmPca: ctx.ca.acmPca,
    });
    ctx.ca.remember(meshId, key, backend);
  }
  return { row, backend };
}

/**
 * The mesh's CA row. Meshes made before the CA existed get the CA their settings ask for
 * on first use; two replicas racing insert once.
 */
export async function ensureMeshCaRow(ctx: Context, meshId: string): Promise<MeshCaRow> {
  const row = await loadMeshCaRow(ctx.db, meshId);
  if (row) return row;
  const [mesh] = await ctx.db.select().from(schema.meshes).where(eq(schema.meshes.id, meshId));
  if (!mesh) throw new AppError("not_found", "mesh was not found");
  const settings = (await settingsOf(ctx.db, [meshId])).get(meshId)!;
  const ca = await newMeshCa(ctx, mesh.trustDomain, settings.ca);
  await ctx.db
    .insert(schema.meshCas)
    .values({ meshId, orgId: mesh.orgId, backend: ca.backend, state: ca.state })
    .onConflictDoNothing();
  return (await loadMeshCaRow(ctx.db, meshId))!;
}
