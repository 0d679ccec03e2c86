import { schema } from "@trellis/db";
import type { ApiToken, Page, PageQuery } from "@trellis/protocol/api";
import { and, asc, eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { afterCursor, decodeCursor, toPage } from "../pagination.ts";
import type { VerbArgs } from "../verb.ts";
import { tokenDto } from "./dto.ts";

export async function listTokens({ ctx, actor, input }: VerbArgs<PageQuery>): Promise<Page<ApiToken>> {
  authorize(actor, "read");
  const t = schema.apiTokens;
  const rows = await ctx.db
    .select()
    .from(t)
    .where(and(eq(t.orgId, actor.orgId), afterCursor(t.createdAt, t.id, decodeCursor(input.cursor), true)))
    .orderBy(asc(t.createdAt), asc(t.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, tokenDto, (r) => ({ k: r.createdAt.toISOString(), id: r.id }));
}
