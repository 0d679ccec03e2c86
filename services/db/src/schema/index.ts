// The drizzle schema: one file per table.
export { apiTokens } from "./api-tokens.ts";
export { auditLog } from "./audit-log.ts";
export { clusters } from "./clusters.ts";
export { discoveredServices } from "./discovered-services.ts";
export { idempotencyKeys } from "./idempotency-keys.ts";
export { invites } from "./invites.ts";
export { joinTokens } from "./join-tokens.ts";
export { loginAttempts } from "./login-attempts.ts";
export { memberships } from "./memberships.ts";
export { meshResources } from "./mesh-resources.ts";
export { meshes } from "./meshes.ts";
export { orgs } from "./orgs.ts";
export { proxies } from "./proxies.ts";
export { sessions } from "./sessions.ts";
export { users } from "./users.ts";
