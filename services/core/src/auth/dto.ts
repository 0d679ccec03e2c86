import type { schema } from "@trellis/db";
import type { Org, User } from "@trellis/protocol/api";

export function userDto(row: typeof schema.users.$inferSelect): User {
  return { id: row.id, email: row.email, createdAt: row.createdAt.toISOString() };
}

export function orgDto(row: typeof schema.orgs.$inferSelect): Org {
  return { id: row.id, name: row.name, plan: row.plan, createdAt: row.createdAt.toISOString() };
}
