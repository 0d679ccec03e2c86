// The audit log: every mutation writes a row in its own transaction; listing it.
// The public surface of this area; everything else in the folder is internal.
export { listAudit } from "./list.ts";
