import { schema, type Tx } from "@trellis/db";
import type { Role } from "@trellis/protocol/api";
import type { Context } from "../context.ts";
import { hashSecret, newSecret } from "../crypto/secrets.ts";
import { randomBase62 } from "../ids.ts";
import { orgDto, userDto } from "./dto.ts";

export interface CreatedSession {
  sessionId: string;
  expiresAt: Date;
  response: {
    user: ReturnType<typeof userDto>;
    org: ReturnType<typeof orgDto>;
    role: Role;
    csrfToken: string;
  };
}

export async function createSession(
  ctx: Context,
  tx: Tx,
  user: typeof schema.users.$inferSelect,
  org: typeof schema.orgs.$inferSelect,
  role: Role,
): Promise<CreatedSession> {
  const sessionId = newSecret("trl_ses");
  const csrfToken = randomBase62(32);
  const expiresAt = new Date(ctx.clock.now().getTime() + ctx.config.SESSION_TTL_HOURS * 3_600_000);
  await tx
    .insert(schema.sessions)
    .values({ idHash: hashSecret(sessionId), userId: user.id, orgId: org.id, csrfToken, expiresAt });
  return { sessionId, expiresAt, response: { user: userDto(user), org: orgDto(org), role, csrfToken } };
}
