// Members of an org and their roles.
// The public surface of this area; everything else in the folder is internal.
export { addMember } from "./add.ts";
export { listMembers } from "./list.ts";
export { removeMember } from "./remove.ts";
export { updateMemberRole } from "./update-role.ts";
