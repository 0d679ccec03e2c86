import { type Permission, type Role, roleMay } from "@trellis/protocol/api";
import { forbidden } from "./errors.ts";

/** Who is calling: a signed-in user (session) or an API token, always within one org. */
export interface Actor {
  orgId: string;
  role: Role;
  userId: string | null;
  tokenId: string | null;
  /** For audit rows: the email or the token name. */
  label: string;
  via: "session" | "token";
}

export function actorId(actor: Actor): string {
  return actor.tokenId ?? actor.userId ?? "system";
}

/** Throws Forbidden unless the actor's role grants `permission` (table in the README). */
export function authorize(actor: Actor, permission: Permission): void {
  if (!roleMay(actor.role, permission)) {
    throw forbidden(`the ${actor.role} role may not do this (needs ${permission})`);
  }
}
