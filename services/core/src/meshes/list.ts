import { schema } from "@trellis/db";
import type { Mesh, Page, PageQuery } from "@trellis/protocol/api";
import { and, asc, eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { afterCursor, decodeCursor, toPage } from "../pagination.ts";
import type { VerbArgs } from "../verb.ts";
import { meshDto } from "./dto.ts";
import { findMesh } from "./find.ts";
import { settingsOf } from "./settings.ts";

export async function listMeshes({ ctx, actor, input }: VerbArgs<PageQuery>): Promise<Page<Mesh>> {
  authorize(actor, "read");
  const m = schema.meshes;
  const rows = await ctx.db
    .select()
    .from(m)
    .where(and(eq(m.orgId, actor.orgId), afterCursor(m.name, m.id, decodeCursor(input.cursor), false)))
    .orderBy(asc(m.name), asc(m.id))
    .limit(input.limit + 1);
  const settings = await settingsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return toPage(
    rows,
    input.limit,
    (r) => meshDto(r, settings.get(r.id)!),
    (r) => ({ k: r.name, id: r.id }),
  );
}

export async function getMesh({ ctx, actor, input }: VerbArgs<{ name: string }>) {
  authorize(actor, "read");
  const row = await findMesh(ctx.db, actor.orgId, input.name);
  const settings = await settingsOf(ctx.db, [row.id]);
  return { mesh: meshDto(row, settings.get(row.id)!), row };
}
