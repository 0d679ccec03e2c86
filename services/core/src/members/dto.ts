import type { schema } from "@trellis/db";
import type { Member } from "@trellis/protocol/api";

export function memberDto(row: typeof schema.memberships.$inferSelect, email: string): Member {
  return { id: row.id, userId: row.userId, email, role: row.role, createdAt: row.createdAt.toISOString() };
}
