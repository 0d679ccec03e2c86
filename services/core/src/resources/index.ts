// Mesh resources (routes, policies…): put, get, list, delete.
// The public surface of this area; everything else in the folder is internal.
export { deleteResource } from "./delete.ts";
export { getResource, listResources } from "./get.ts";
export { putResource } from "./put.ts";
