import { schema } from "@trellis/db";
import type { Mesh, UpdateMeshInput } from "@trellis/protocol/api";
import { meshSettingsName } from "@trellis/protocol/resources";
import { and, eq, sql } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { preconditionFailed } from "../errors.ts";
import type { VerbArgs } from "../verb.ts";
import { announceConfig, bumpConfigVersion } from "./config-version.ts";
import { meshDto, meshEtag } from "./dto.ts";
import { findMesh } from "./find.ts";
import { settingsOf } from "./settings.ts";

export interface UpdateMeshArgs extends UpdateMeshInput {
  name: string;
  ifMatch: string | undefined;
}

export async function updateMesh({ ctx, actor, requestId, input }: VerbArgs<UpdateMeshArgs>): Promise<Mesh> {
  authorize(actor, "meshes.write");
  const { mesh, version } = await ctx.db.transaction(async (tx) => {
    const row = await findMesh(tx, actor.orgId, input.name, "update");
    if (input.ifMatch !== undefined && input.ifMatch !== meshEtag(row)) {
      throw preconditionFailed(
        `mesh ${input.name} changed since ${input.ifMatch}; it is now ${meshEtag(row)}`,
      );
    }
    const now = ctx.clock.now();
    if (input.description !== undefined) {
      await tx
        .update(schema.meshes)
        .set({ description: input.description, updatedAt: now })
        .where(eq(schema.meshes.id, row.id));
    }
    let version: number | null = null;
    if (input.settings !== undefined) {
      const r = schema.meshResources;
      version = await bumpConfigVersion(tx, row.id, now);
      await tx
        .update(r)
        .set({
          spec: input.settings,
          generation: sql`${r.generation} + 1`,
          specConfigVersion: version,
          updatedAt: now,
        })
        .where(and(eq(r.meshId, row.id), eq(r.kind, "MeshSettings"), eq(r.name, meshSettingsName)));
    }
    await recordAudit(tx, actor, requestId, {
      action: "mesh.update",
      target: row.id,
      details: { name: row.name },
    });
    const fresh = await findMesh(tx, actor.orgId, input.name);
    const settings = await settingsOf(tx, [row.id]);
    return { mesh: meshDto(fresh, settings.get(row.id)!), version };
  });
  if (version !== null) await announceConfig(ctx, mesh.id, version);
  return mesh;
}
