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
import { describeIdentity, parseIdentity, parseNamespace } from "./identity.ts";
import { parseKind } from "./parse-kind.ts";
import { loadStatusInputs } from "./status-inputs.ts";

export async function getResource({
  ctx,
  actor,
  input,
}: VerbArgs<{ mesh: string; kind: string; namespace?: string | undefined; name: string }>) {
  authorize(actor, "read");
  const id = parseIdentity(input);
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const r = schema.meshResources;
  const [row] = await ctx.db
    .select()
    .from(r)
    .where(
      and(eq(r.meshId, mesh.id), eq(r.kind, id.kind), eq(r.namespace, id.namespace), eq(r.name, id.name)),
    );
  if (!row) throw notFound(`${describeIdentity(id)} in mesh ${input.mesh}`);
  const inputs = await loadStatusInputs(ctx.db, mesh.id);
  return { resource: resourceDto(row, mesh.name, inputs), etag: resourceEtag(row) };
}

/** Lists a mesh's resources ordered by kind, namespace and name; optionally of one kind or namespace. */
export async function listResources({
  ctx,
  actor,
  input,
}: VerbArgs<PageQuery & { mesh: string; kind?: string; namespace?: string }>): Promise<Page<MeshResource>> {
  authorize(actor, "read");
  const kind = input.kind === undefined ? undefined : parseKind(input.kind);
  const namespace = input.namespace === undefined ? undefined : parseNamespace(input.namespace);
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const r = schema.meshResources;
  const cursor = decodeCursor(input.cursor);
  // The cursor's key is the last row's kind; its id field holds `namespace/name`.
  const [ns, name] = cursor ? splitKey(cursor.id) : ["", ""];
  const after = cursor
    ? or(
        gt(r.kind, cursor.k),
        and(eq(r.kind, cursor.k), or(gt(r.namespace, ns), and(eq(r.namespace, ns), gt(r.name, name)))),
      )
    : undefined;
  const rows = await ctx.db
    .select()
    .from(r)
    .where(
      and(
        eq(r.meshId, mesh.id),
        kind ? eq(r.kind, kind) : undefined,
        namespace ? eq(r.namespace, namespace) : undefined,
        after,
      ),
    )
    .orderBy(asc(r.kind), asc(r.namespace), asc(r.name))
    .limit(input.limit + 1);
  const inputs = await loadStatusInputs(ctx.db, mesh.id);
  return toPage(
    rows,
    input.limit,
    (row) => resourceDto(row, mesh.name, inputs),
    (row) => ({ k: row.kind, id: `${row.namespace}/${row.name}` }),
  );
}

function splitKey(id: string): [string, string] {
  const slash = id.indexOf("/");
  return slash < 0 ? ["default", id] : [id.slice(0, slash), id.slice(slash + 1)];
}
