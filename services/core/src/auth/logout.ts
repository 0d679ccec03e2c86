import { schema } from "@trellis/db";
import { eq } from "drizzle-orm";
import type { Context } from "../context.ts";
import { hashSecret } from "../crypto/secrets.ts";

export async function logout(ctx: Context, sessionId: string): Promise<void> {
  await ctx.db.delete(schema.sessions).where(eq(schema.sessions.idHash, hashSecret(sessionId)));
}
