import { schema } from "@trellis/db";
import { resourceNameSchema } from "@trellis/protocol/names";
import { type MeshResource, validateResourceSpec } from "@trellis/protocol/resources";
import { and, eq, sql } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { invalid, preconditionFailed } from "../errors.ts";
import { newId } from "../ids.ts";
import { announceConfig, bumpConfigVersion } from "../meshes/config-version.ts";
import { findMesh } from "../meshes/find.ts";
import type { VerbArgs } from "../verb.ts";
import { resourceDto, resourceEtag } from "./dto.ts";
import { parseKind } from "./parse-kind.ts";
import { sameSpec } from "./same-spec.ts";

export interface PutResourceInput {
  mesh: string;
  kind: string;
  name: string;
  spec: unknown;
  /** `If-Match`: the ETag the caller last saw; `*` means "must exist". */
  ifMatch: string | undefined;
  /** `If-None-Match: *`: create only. */
  ifNoneMatch: string | undefined;
}

export interface PutResourceResult {
  resource: MeshResource;
  etag: string;
  created: boolean;
}

function writePermission(kind: string) {
  return kind === "MeshSettings" ? ("meshes.write" as const) : ("resources.write" as const);
}

/** Creates or replaces a mesh resource. An unchanged spec changes nothing (apply is idempotent). */
export async function putResource({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<PutResourceInput>): Promise<PutResourceResult> {
  const kind = parseKind(input.kind);
  authorize(actor, writePermission(kind));
  const name = resourceNameSchema.safeParse(input.name);
  if (!name.success)
    throw invalid(`invalid resource name "${input.name}"`, [
      { pointer: "/name", detail: name.error.issues[0]!.message },
    ]);
  const validated = validateResourceSpec(kind, input.name, input.spec);
  if (!validated.ok)
    throw invalid(
      `the ${kind} spec is invalid: ${validated.errors[0]!.pointer} ${validated.errors[0]!.detail}`,
      validated.errors,
    );
  const result = await ctx.db.transaction(async (tx) => {
    const mesh = await findMesh(tx, actor.orgId, input.mesh, "update");
    const r = schema.meshResources;
    const [existing] = await tx
      .select()
      .from(r)
      .where(and(eq(r.meshId, mesh.id), eq(r.kind, kind), eq(r.name, input.name)))
      .for("update");
    checkPreconditions(existing, input, kind);
    const now = ctx.clock.now();
    if (existing && sameSpec(existing.spec, validated.spec)) {
      return {
        resource: resourceDto(existing, mesh.name),
        etag: resourceEtag(existing),
        created: false,
        announce: null,
      };
    }
    const [row] = existing
      ? await tx
          .update(r)
          .set({ spec: validated.spec, generation: sql`${r.generation} + 1`, updatedAt: now })
          .where(eq(r.id, existing.id))
          .returning()
      : await tx
          .insert(r)
          .values({
            id: newId("resource"),
            orgId: actor.orgId,
            meshId: mesh.id,
            kind,
            name: input.name,
            spec: validated.spec,
          })
          .returning();
    const version = await bumpConfigVersion(tx, mesh.id, now);
    await recordAudit(tx, actor, requestId, {
      action: existing ? "resource.update" : "resource.create",
      target: row!.id,
      details: { mesh: mesh.name, kind, name: input.name, generation: row!.generation },
    });
    return {
      resource: resourceDto(row!, mesh.name),
      etag: resourceEtag(row!),
      created: !existing,
      announce: { meshId: mesh.id, version },
    };
  });
  if (result.announce) await announceConfig(ctx, result.announce.meshId, result.announce.version);
  return { resource: result.resource, etag: result.etag, created: result.created };
}

function checkPreconditions(
  existing: { generation: number } | undefined,
  input: PutResourceInput,
  kind: string,
): void {
  if (input.ifNoneMatch === "*" && existing) throw preconditionFailed(`${kind} ${input.name} already exists`);
  if (input.ifMatch === undefined) return;
  if (!existing) throw preconditionFailed(`${kind} ${input.name} does not exist, so If-Match cannot match`);
  if (input.ifMatch !== "*" && input.ifMatch !== resourceEtag(existing)) {
    throw preconditionFailed(
      `${kind} ${input.name} changed since ${input.ifMatch}; it is now ${resourceEtag(existing)}: re-read it and retry`,
    );
  }
}
