import type { schema } from "@trellis/db";
import type { ApiToken } from "@trellis/protocol/api";

export function tokenDto(row: typeof schema.apiTokens.$inferSelect): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
