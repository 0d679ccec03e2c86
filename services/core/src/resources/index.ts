// Mesh resources (routes, policies…): put, get, list, delete; and the sync of a cluster's
// Kubernetes custom resources, which the cluster then owns.
// The public surface of this area; everything else in the folder is internal.
export { deleteResource } from "./delete.ts";
export { getResource, listResources } from "./get.ts";
export { putResource } from "./put.ts";
export { maxSyncedResources, syncClusterResources } from "./sync-cluster.ts";
