import type { AddMemberInput, Invite, Member, Role } from "@trellis/protocol/api";
import { operations } from "../operations.ts";
import { checkOptions, requestOptionKeys } from "../options.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import { PaginatedNamespace } from "./base.ts";

/** What adding a member did: added an existing user, or invited an email without an account. */
export type AddMemberResult = { status: "added"; member: Member } | { status: "invited"; invite: Invite };

/** The org's members and their roles. */
export class MembersNamespace extends PaginatedNamespace<Member> {
  /** @internal */
  constructor(t: Transport) {
    super(t, operations.listMembers);
  }

  /** Adds a user by email, or invites the email if it has no account yet. */
  async add(input: AddMemberInput, options: RequestOptions = {}): Promise<AddMemberResult> {
    checkOptions("members.add", options, requestOptionKeys);
    return (await this.t.call<AddMemberResult>(operations.addMember, { ...options, body: input })).body;
  }

  /** Changes a member's role (a role may only grant roles at or below its own). */
  async updateRole(id: string, role: Role, options: RequestOptions = {}): Promise<Member> {
    checkOptions("members.updateRole", options, requestOptionKeys);
    const res = await this.t.call<Member>(operations.updateMember, {
      ...options,
      params: { id },
      body: { role },
    });
    return res.body;
  }

  /** Removes a member from the org. */
  async remove(id: string, options: RequestOptions = {}): Promise<void> {
    checkOptions("members.remove", options, requestOptionKeys);
    await this.t.call(operations.removeMember, { ...options, params: { id } });
  }
}
