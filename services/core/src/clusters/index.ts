// Clusters of a mesh and their one-time join tokens.
// The public surface of this area; everything else in the folder is internal.
export { createCluster } from "./create.ts";
export { getCluster, listClusters } from "./list.ts";
export { newJoinToken } from "./new-join-token.ts";
export { deleteCluster, revokeCluster } from "./revoke.ts";
