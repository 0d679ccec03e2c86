import { createHash } from "node:crypto";
import { AppError, invalid } from "@trellis/core/errors";
import { findStoredReply, storeReply } from "@trellis/core/idempotency";
import type { Context } from "../context.ts";
import type { Reply } from "./route.ts";

/** Reply headers a replay must repeat: the ETag to pass back as `If-Match`, and where the object lives. */
const replayedHeaders = ["etag", "location"] as const;

/** The reply's headers worth storing with the key, or null when it has none of them. Pure. */
export function headersToStore(headers: Record<string, string> | undefined): Record<string, string> | null {
  const kept = Object.entries(headers ?? {}).filter(([name]) =>
    (replayedHeaders as readonly string[]).includes(name.toLowerCase()),
  );
  return kept.length > 0 ? Object.fromEntries(kept) : null;
}

/**
 * What a key is bound to: the request and who sent it. A key is not a secret (it shows up in
 * logs and proxies), so a replay by another caller — who might not be allowed the create, or
 * see the token it returned — is refused like a different request.
 */
export function fingerprint(method: string, path: string, body: string, caller: string): string {
  return createHash("sha256").update(`${method} ${path}\n${caller}\n${body}`).digest("hex");
}

/**
 * `Idempotency-Key` on creates: a replay with the same key and request, by the same caller,
 * gets the first response again (status, body — secrets included, stored sealed — and its
 * `etag`/`location` headers); the same key with another request or caller is a 422. Keys
 * live 24 h.
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
  const seen = await findStoredReply(ctx, orgId, key);
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
  if (reply.status < 300)
    await storeReply(ctx, orgId, key, {
      fingerprint: print,
      status: reply.status,
      body: reply.body,
      headers: headersToStore(reply.headers),
    });
  return reply;
}
