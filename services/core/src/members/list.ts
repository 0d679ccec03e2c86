import { schema } from "@trellis/db";
import type { Member, Page, PageQuery } from "@trellis/protocol/api";
import { and, asc, eq } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { afterCursor, decodeCursor, toPage } from "../pagination.ts";
import type { VerbArgs } from "../verb.ts";
import { memberDto } from "./dto.ts";

export async function listMembers({ ctx, actor, input }: VerbArgs<PageQuery>): Promise<Page<Member>> {
  authorize(actor, "read");
  const m = schema.memberships;
  const rows = await ctx.db
    .select({ m, email: schema.users.email })
    .from(m)
    .innerJoin(schema.users, eq(schema.users.id, m.userId))
    .where(and(eq(m.orgId, actor.orgId), afterCursor(m.createdAt, m.id, decodeCursor(input.cursor), true)))
    .orderBy(asc(m.createdAt), asc(m.id))
    .limit(input.limit + 1);
  return toPage(
    rows,
    input.limit,
    (r) => memberDto(r.m, r.email),
    (r) => ({ k: r.m.createdAt.toISOString(), id: r.m.id }),
  );
}
