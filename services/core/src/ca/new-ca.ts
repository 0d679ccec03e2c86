import { type CaState, createAcmPcaCa, createBuiltinCa } from "@trellis/ca";
import { schema, type Tx } from "@trellis/db";
import type { MeshSettingsSpec } from "@trellis/protocol/resources";
import type { Context } from "../context.ts";

export type CaSettings = MeshSettingsSpec["ca"];

/** A mesh CA about to be stored: `state` null for an external CA awaiting its upload. */
export interface NewMeshCa {
  backend: CaSettings["type"];
  state: CaState | null;
}

/**
 * Makes the CA a mesh's settings ask for (DESIGN §5): a fresh builtin root and issuer, an
 * issuer signed by (or, in leaf mode, the certificate of) the customer's ACM Private CA, or
 * nothing yet for `external`. Runs before the mesh's transaction: ACM PCA is a network call.
 */
export async function newMeshCa(ctx: Context, trustDomain: string, settings: CaSettings): Promise<NewMeshCa> {
  const now = ctx.clock.now();
  switch (settings.type) {
    case "builtin":
      return { backend: "builtin", state: createBuiltinCa({ trustDomain, kek: ctx.ca.kek, now }) };
    case "aws-acm-pca":
      return {
        backend: "aws-acm-pca",
        state: await createAcmPcaCa({
          trustDomain,
          caArn: settings.caArn,
          region: settings.region,
          endpoint: settings.endpoint,
          mode: settings.mode,
          kek: ctx.ca.kek,
          now,
          acmPca: ctx.ca.acmPca,
        }),
      };
    case "external":
      return { backend: "external", state: null };
  }
}

/** Stores a new mesh's CA in the mesh's own transaction. */
export async function insertMeshCa(
  tx: Tx,
  mesh: { id: string; orgId: string },
  ca: NewMeshCa,
): Promise<void> {
  await tx.insert(schema.meshCas).values({
    meshId: mesh.id,
    orgId: mesh.orgId,
    backend: ca.backend,
    state: ca.state,
  });
}
