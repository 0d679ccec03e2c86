// Meshes: create, read, update settings, delete; the config version every change bumps.
// The public surface of this area; everything else in the folder is internal.
export { createMesh } from "./create.ts";
export { deleteMesh } from "./delete.ts";
export { meshEtag } from "./dto.ts";
export { getMesh, listMeshes } from "./list.ts";
export { updateMesh } from "./update.ts";
