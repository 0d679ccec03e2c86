import { schema } from "@trellis/db";
import type { MeshResource } from "@trellis/protocol/resources";
import { and, eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { preconditionFailed } from "../errors.ts";
import { newId } from "../ids.ts";
import { announceConfig, bumpConfigVersion } from "../meshes/config-version.ts";
import { findMesh, type MeshRow } from "../meshes/find.ts";
import type { VerbArgs } from "../verb.ts";
import { resourceDto, resourceEtag } from "./dto.ts";
import { describeIdentity, parseIdentity, type ResourceIdentity } from "./identity.ts";
import { type BodyReading, readPutBody } from "./read-body.ts";
import { sameSpec } from "./same-spec.ts";
import { loadStatusInputs } from "./status-inputs.ts";

type Row = typeof schema.meshResources.$inferSelect;

export interface PutResourceInput {
  mesh: string;
  kind: string;
  /** `default` when the URL names none. */
  namespace?: string | undefined;
  name: string;
  /** A whole document (Trellis' or Gateway API's), or `{ "spec": … }`. */
  body: unknown;
  /** `If-Match`: the ETag the caller last saw; `*` means "must exist". */
  ifMatch: string | undefined;
  /** `If-None-Match: *`: create only. */
  ifNoneMatch: string | undefined;
  /** Validate and answer as if written, write nothing (`?dryRun=All`). */
  dryRun?: boolean;
}

export interface PutResourceResult {
  resource: MeshResource;
  etag: string;
  created: boolean;
  /** False when the put changed nothing (apply is idempotent). */
  changed: boolean;
  /** What was left out because it is not for a mesh (sent as `Warning` headers). */
  warnings: string[];
}

function writePermission(kind: string) {
  return kind === "MeshSettings" ? ("meshes.write" as const) : ("resources.write" as const);
}

/**
 * Creates or replaces a mesh resource. A spec change bumps the generation and the mesh's
 * config version; a change of labels or annotations only the generation (the ETag); an
 * equal document changes nothing. With `dryRun`, answers the same and writes nothing.
 */
export async function putResource({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<PutResourceInput>): Promise<PutResourceResult> {
  const id = parseIdentity(input);
  authorize(actor, writePermission(id.kind));
  const body = readPutBody(id, input.body);
  const result = await ctx.db.transaction(async (tx) => {
    const mesh = await findMesh(tx, actor.orgId, input.mesh, "update");
    const r = schema.meshResources;
    const [existing] = await tx
      .select()
      .from(r)
      .where(
        and(eq(r.meshId, mesh.id), eq(r.kind, id.kind), eq(r.namespace, id.namespace), eq(r.name, id.name)),
      )
      .for("update");
    checkPreconditions(existing, input, id);
    const next = nextContent(existing, body);
    const specChanged = !existing || !sameSpec(existing.spec, next.spec);
    const changed = specChanged || !sameSpec(metadataOf(existing), metadataOf(next));
    const answer = async (row: Row, announce: { meshId: string; version: number } | null) => ({
      resource: resourceDto(row, mesh.name, await loadStatusInputs(tx, mesh.id)),
      etag: resourceEtag(row),
      created: !existing,
      changed,
      announce,
    });
    if (existing && !changed) return answer(existing, null);
    const now = ctx.clock.now();
    if (input.dryRun) return answer(preview(existing, id, next, mesh, specChanged, actor.orgId, now), null);
    const version = specChanged ? await bumpConfigVersion(tx, mesh.id, now) : null;
    const specConfigVersion = version ?? existing!.specConfigVersion;
    const [row] = existing
      ? await tx
          .update(r)
          .set({ ...next, specConfigVersion, generation: existing.generation + 1, updatedAt: now })
          .where(eq(r.id, existing.id))
          .returning()
      : await tx
          .insert(r)
          .values({
            id: newId("resource"),
            orgId: actor.orgId,
            meshId: mesh.id,
            ...id,
            ...next,
            specConfigVersion,
          })
          .returning();
    await recordAudit(tx, actor, requestId, {
      action: existing ? "resource.update" : "resource.create",
      target: row!.id,
      details: { mesh: mesh.name, ...id, generation: row!.generation },
    });
    return answer(row!, version === null ? null : { meshId: mesh.id, version });
  });
  if (result.announce) await announceConfig(ctx, result.announce.meshId, result.announce.version);
  const { announce: _announce, ...answer } = result;
  return { ...answer, warnings: body.warnings };
}

type Content = Pick<Row, "apiVersion" | "labels" | "annotations" | "spec">;

/** What the row will hold: a whole document replaces the metadata, a bare spec keeps the stored one. */
function nextContent(existing: Row | undefined, body: BodyReading): Content {
  const d = body.resource;
  const keep = existing && !body.wholeDocument;
  return {
    apiVersion: keep ? existing.apiVersion : d.apiVersion,
    labels: keep ? existing.labels : d.labels,
    annotations: keep ? existing.annotations : d.annotations,
    spec: d.spec,
  };
}

const metadataOf = (c: Content | undefined) =>
  c ? { apiVersion: c.apiVersion, labels: c.labels, annotations: c.annotations } : null;

/** The row a put would write, for a dry run: nothing is stored, no version is taken. */
function preview(
  existing: Row | undefined,
  id: ResourceIdentity,
  next: Content,
  mesh: MeshRow,
  specChanged: boolean,
  orgId: string,
  now: Date,
): Row {
  const base = existing ?? { id: newId("resource"), orgId, meshId: mesh.id, createdAt: now, generation: 0 };
  return {
    ...base,
    ...id,
    ...next,
    generation: base.generation + 1,
    updatedAt: now,
    specConfigVersion: specChanged || !existing ? mesh.configVersion + 1 : existing.specConfigVersion,
  };
}

function checkPreconditions(
  existing: { generation: number } | undefined,
  input: PutResourceInput,
  id: ResourceIdentity,
) {
  const what = describeIdentity(id);
  if (input.ifNoneMatch === "*" && existing) throw preconditionFailed(`${what} already exists`);
  if (input.ifMatch === undefined) return;
  if (!existing) throw preconditionFailed(`${what} does not exist, so If-Match cannot match`);
  if (input.ifMatch !== "*" && input.ifMatch !== resourceEtag(existing)) {
    throw preconditionFailed(
      `${what} changed since ${input.ifMatch}; it is now ${resourceEtag(existing)}: re-read it and retry`,
    );
  }
}
