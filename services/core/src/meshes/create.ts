import { schema } from "@trellis/db";
import type { CreateMeshInput, Mesh } from "@trellis/protocol/api";
import { meshSettingsName, meshSettingsSpecSchema } from "@trellis/protocol/resources";
import { and, eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { enforceMeshLimit } from "../billing/enforce-mesh-limit.ts";
import { withCaErrors } from "../ca/errors.ts";
import { insertMeshCa, newMeshCa } from "../ca/new-ca.ts";
import { conflict } from "../errors.ts";
import { newId } from "../ids.ts";
import type { VerbArgs } from "../verb.ts";
import { meshDto } from "./dto.ts";
import { newTrustDomain } from "./trust-domain.ts";

export async function createMesh({ ctx, actor, requestId, input }: VerbArgs<CreateMeshInput>): Promise<Mesh> {
  authorize(actor, "meshes.write");
  const settings = meshSettingsSpecSchema.parse(input.settings ?? {});
  const trustDomain = newTrustDomain(input.name);
  const ca = await withCaErrors(() => newMeshCa(ctx, trustDomain, settings.ca));
  return ctx.db.transaction(async (tx) => {
    await enforceMeshLimit(ctx, tx, actor.orgId);
    const m = schema.meshes;
    const taken = await tx
      .select({ id: m.id })
      .from(m)
      .where(and(eq(m.orgId, actor.orgId), eq(m.name, input.name)));
    if (taken.length > 0) throw conflict(`a mesh named ${input.name} already exists`);
    const [row] = await tx
      .insert(m)
      .values({
        id: newId("mesh"),
        orgId: actor.orgId,
        name: input.name,
        description: input.description ?? "",
        trustDomain,
      })
      .returning();
    await insertMeshCa(tx, row!, ca);
    await tx.insert(schema.meshResources).values({
      id: newId("resource"),
      orgId: actor.orgId,
      meshId: row!.id,
      kind: "MeshSettings",
      name: meshSettingsName,
      spec: settings,
      specConfigVersion: row!.configVersion,
    });
    await recordAudit(tx, actor, requestId, {
      action: "mesh.create",
      target: row!.id,
      details: { name: input.name },
    });
    return meshDto(row!, settings);
  });
}
