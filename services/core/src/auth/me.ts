import { schema } from "@trellis/db";
import type { MeResponse } from "@trellis/protocol/api";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import type { Context } from "../context.ts";
import { orgDto, userDto } from "./dto.ts";

export async function me(ctx: Context, actor: Actor & { csrfToken?: string }): Promise<MeResponse> {
  const [org] = await ctx.db.select().from(schema.orgs).where(eq(schema.orgs.id, actor.orgId));
  const [user] = actor.userId
    ? await ctx.db.select().from(schema.users).where(eq(schema.users.id, actor.userId))
    : [];
  return {
    user: user ? userDto(user) : null,
    org: orgDto(org!),
    role: actor.role,
    via: actor.via,
    ...(actor.tokenId ? { tokenId: actor.tokenId } : {}),
    ...(actor.csrfToken ? { csrfToken: actor.csrfToken } : {}),
  };
}
