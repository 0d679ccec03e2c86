import { createHash } from "node:crypto";
import { schema } from "@trellis/db";
import { and, eq, lt } from "drizzle-orm";
import type { Context } from "../context.ts";
import { AppError, invalid } from "../errors.ts";
import type { Reply } from "./route.ts";

const retentionMs = 24 * 3_600_000;

/** Reply headers a replay must repeat: the ETag to pass back as `If-Match`, and where the object lives. */
const replayedHeaders = ["etag", "location"] as const;

/** The reply's headers worth storing with the key, or null when it has none of them. Pure. */
export function headersToStore(headers: Record<string, string> | undefined): Record<string, string> | null {
  const kept = Object.entries(headers ?? {}).filter(([name]) =>
    (replayedHeaders as readonly string[]).includes(name.toLowerCase()),
  );
  return kept.length > 0 ? Object.fromEntries(kept) : null;
}

export function fingerprint(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method} ${path}\n${body}`).digest("hex");
}

/**
 * `Idempotency-Key` on creates: a replay with the same key and request gets the first
 * response again (status, body, and its `etag`/`location` headers); the same key with another
 * request is a 422. Keys live 24 h.
 */
export async function withIdempotency(
  ctx: Context,
  orgId: string,
  key: string | undefined,
  print: string,
  run: () => Promise<Reply>,
): Promise<Reply> {
  if (key === undefined) return run();
  if (key.length < 1 || key.length > 255)
    throw invalid("Idempotency-Key must be 1–255 characters", [
      { pointer: "/headers/idempotency-key", detail: "1–255 characters" },
    ]);
  const k = schema.idempotencyKeys;
  const [seen] = await ctx.db
    .select()
    .from(k)
    .where(and(eq(k.orgId, orgId), eq(k.key, key)));
  if (seen) {
    if (seen.fingerprint !== print)
      throw new AppError("invalid", "this Idempotency-Key was already used with a different request");
    return {
      status: seen.status,
      body: seen.body,
      headers: { ...seen.headers, "idempotent-replayed": "true" },
    };
  }
  const reply = await run();
  if (reply.status < 300) {
    await ctx.db
      .insert(k)
      .values({
        orgId,
        key,
        fingerprint: print,
        status: reply.status,
        body: reply.body ?? null,
        headers: headersToStore(reply.headers),
      })
      .onConflictDoNothing();
    await ctx.db.delete(k).where(lt(k.createdAt, new Date(ctx.clock.now().getTime() - retentionMs)));
  }
  return reply;
}
