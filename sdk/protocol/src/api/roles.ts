import { z } from "zod";

export const roles = ["owner", "admin", "member", "viewer"] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** What each role may do; the control plane's permission checks read this table. */
export const permissions = {
  read: ["owner", "admin", "member", "viewer"],
  "resources.write": ["owner", "admin", "member"],
  "meshes.write": ["owner", "admin"],
  "clusters.write": ["owner", "admin"],
  "tokens.write": ["owner", "admin"],
  "members.write": ["owner", "admin"],
  "ca.write": ["owner", "admin"],
  "webhooks.write": ["owner", "admin"],
  tap: ["owner", "admin", "member"],
  "org.delete": ["owner"],
  billing: ["owner"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof permissions;

export function roleMay(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

/** A role may only grant roles at or below its own. */
export function roleRank(role: Role): number {
  return roles.length - roles.indexOf(role);
}
