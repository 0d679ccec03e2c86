import { schema } from "@trellis/db";
import type { Page, PageQuery } from "@trellis/protocol/api";
import type { MeshResource } from "@trellis/protocol/resources";
import { and, asc, eq, gt, or } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { notFound } from "../errors.ts";
import { findMesh } from "../meshes/find.ts";
import { decodeCursor, toPage } from "../pagination.ts";
import type { VerbArgs } from "../verb.ts";
import { resourceDto, resourceEtag } from "./dto.ts";
import { parseKind } from "./parse-kind.ts";

export async function getResource({
  ctx,
  actor,
  input,
}: VerbArgs<{ mesh: string; kind: string; name: string }>) {
  authorize(actor, "read");
  const kind = parseKind(input.kind);
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const r = schema.meshResources;
  const [row] = await ctx.db
    .select()
    .from(r)
    .where(and(eq(r.meshId, mesh.id), eq(r.kind, kind), eq(r.name, input.name)));
  if (!row) throw notFound(`${kind} ${input.name} in mesh ${input.mesh}`);
  return { resource: resourceDto(row, mesh.name), etag: resourceEtag(row) };
}

/** Lists a mesh's resources ordered by kind then name, optionally of one kind. */
export async function listResources({
  ctx,
  actor,
  input,
}: VerbArgs<PageQuery & { mesh: string; kind?: string }>): Promise<Page<MeshResource>> {
  authorize(actor, "read");
  const kind = input.kind === undefined ? undefined : parseKind(input.kind);
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const r = schema.meshResources;
  const cursor = decodeCursor(input.cursor);
  // The cursor's key is the last row's kind; its id field holds the last name.
  const after = cursor
    ? or(gt(r.kind, cursor.k), and(eq(r.kind, cursor.k), gt(r.name, cursor.id)))
    : undefined;
  const rows = await ctx.db
    .select()
    .from(r)
    .where(and(eq(r.meshId, mesh.id), kind ? eq(r.kind, kind) : undefined, after))
    .orderBy(asc(r.kind), asc(r.name))
    .limit(input.limit + 1);
  return toPage(
    rows,
    input.limit,
    (row) => resourceDto(row, mesh.name),
    (row) => ({ k: row.kind, id: row.name }),
  );
}
