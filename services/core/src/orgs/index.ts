// Organisations (tenants).
// The public surface of this area; everything else in the folder is internal.
export { deleteOrg } from "./delete.ts";
