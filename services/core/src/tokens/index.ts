// API tokens of an org.
// The public surface of this area; everything else in the folder is internal.
export { createToken } from "./create.ts";
export { listTokens } from "./list.ts";
export { revokeToken } from "./revoke.ts";
