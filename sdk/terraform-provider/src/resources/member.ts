// trellis_member: a person's role in the org. Adding an email without an account records
// an invite that turns into a membership when they sign up. The API cannot list or
// withdraw invites: an invite is trusted as stored in state, and destroying one leaves it
// to expire (a warning says so).
import { addMemberInputSchema, type Member, type Role } from "@trellis/protocol/api";
import { fieldErrorsFromZod } from "@trellis/protocol/resources";
import type { ObjectValue } from "../cty/value.ts";
import { type Diagnostic, invalidAttribute, warningDiagnostic } from "../provider/diagnostics.ts";
import { attr, type Block } from "../schema/model.ts";
import { ignoreNotFound } from "./not-found.ts";
import { completeObject, isKnown, knownString, replaceOnChange, settleComputed } from "./plan-helpers.ts";
import type { ApiContext, ResourceType } from "./resource-type.ts";

const computed = ["id", "user_id", "status"];

const block: Block = {
  description: "A member of the organisation, or an invite for an email without an account yet.",
  attributes: [
    attr.computed("id", "string", "The membership id (`mem_…`), or the invite id while invited."),
    attr.required("email", "string", "The person's email. Changing it adds another member."),
    attr.required(
      "role",
      "string",
      "One of: `owner`, `admin`, `member`, `viewer` (at most the token's own role).",
    ),
    attr.computed("user_id", "string", "The user's id, once they have an account."),
    attr.computed("status", "string", "`added`, or `invited` until the email signs up."),
  ],
  blocks: [],
};

function validate(config: ObjectValue): Diagnostic[] {
  if (!isKnown(config.email) || !isKnown(config.role)) return [];
  const r = addMemberInputSchema.safeParse({ email: config.email, role: config.role });
  return r.success
    ? []
    : fieldErrorsFromZod(r.error).map((e) => invalidAttribute([e.pointer.slice(1)], e.detail));
}

const memberState = (m: Member, email: string) =>
  completeObject(block, { id: m.id, email, role: m.role, user_id: m.userId, status: "added" });

/** The state's email when it is the same address (the API stores it lower-cased). */
const emailOf = (state: ObjectValue, stored: string) => {
  const own = knownString(state.email);
  return own && own.toLowerCase() === stored ? own : stored;
};

async function findMember(ctx: ApiContext, state: ObjectValue): Promise<Member | undefined> {
  const members = await ctx.client.members.listAll({ signal: ctx.signal });
  const email = knownString(state.email)?.toLowerCase();
  return members.find((m) => m.id === state.id) ?? members.find((m) => m.email === email);
}

async function add(ctx: ApiContext, config: ObjectValue): Promise<ObjectValue> {
  const email = knownString(config.email)!;
  const role = knownString(config.role) as Role;
  const r = await ctx.client.members.add({ email, role }, { signal: ctx.signal });
  if (r.status === "added") return memberState(r.member, email);
  return completeObject(block, {
    id: r.invite.id,
    email,
    role: r.invite.role,
    user_id: null,
    status: "invited",
  });
}

export const memberResource: ResourceType = {
  name: "trellis_member",
  schema: block,
  validate,
  plan({ prior, proposed, config }) {
    const diagnostics = validate(config);
    if (diagnostics.length > 0) return { planned: proposed, diagnostics };
    const planned = settleComputed(proposed, prior, { computed, stable: ["id", "user_id", "status"] });
    return { planned, requiresReplace: replaceOnChange(prior, planned, ["email"]) };
  },
  create: (ctx, _planned, config) => add(ctx, config),
  async update(ctx, prior, _planned, config) {
    if (prior.status === "invited") return add(ctx, config); // re-adding an invited email updates its role
    const m = await ctx.client.members.updateRole(knownString(prior.id)!, knownString(config.role) as Role, {
      signal: ctx.signal,
    });
    return memberState(m, emailOf(prior, m.email));
  },
  async delete(ctx, prior) {
    if (prior.status === "invited") {
      const m = await findMember(ctx, prior);
      if (!m) {
        return [
          warningDiagnostic(
            "The invite stays until it expires",
            `${String(prior.email)} was invited but has not signed up; the Trellis API cannot withdraw an invite, so it expires by itself (7 days after it was sent).`,
          ),
        ];
      }
      prior = memberState(m, m.email);
    }
    await ctx.client.members.remove(knownString(prior.id)!, { signal: ctx.signal }).catch(ignoreNotFound);
    return [];
  },
  async read(ctx, state) {
    const m = await findMember(ctx, state);
    if (m) return memberState(m, emailOf(state, m.email));
    return state.status === "invited" ? state : null;
  },
  importState: (id) => completeObject(block, id.includes("@") ? { email: id } : { id }),
};
