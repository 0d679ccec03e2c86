import { schema, type Tx } from "@trellis/db";
import { type Role, roleRank } from "@trellis/protocol/api";
import { and, count, eq } from "drizzle-orm";
import type { Actor } from "../actor.ts";
import { conflict, forbidden } from "../errors.ts";

/** Nobody hands out or touches a role above their own. */
export function assertMayManage(actor: Actor, role: Role): void {
  if (roleRank(role) > roleRank(actor.role)) throw forbidden(`a ${actor.role} cannot manage ${role}s`);
}

/** An org always keeps at least one owner. */
export async function assertNotLastOwner(tx: Tx, orgId: string, membershipRole: Role): Promise<void> {
  if (membershipRole !== "owner") return;
  const [row] = await tx
    .select({ n: count() })
    .from(schema.memberships)
    .where(and(eq(schema.memberships.orgId, orgId), eq(schema.memberships.role, "owner")));
  if ((row?.n ?? 0) <= 1)
    throw conflict("an organisation needs at least one owner; make someone else owner first");
}
