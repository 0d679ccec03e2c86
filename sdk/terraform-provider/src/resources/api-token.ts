// trellis_api_token: an API token of the org. The API has no update, so every argument
// forces a new token; the secret is shown once, at creation, and kept in state (sensitive).
// A token revoked or expired outside Terraform is gone: the next plan creates a new one.
import { type ApiToken, createTokenInputSchema } from "@trellis/protocol/api";
import { fieldErrorsFromZod } from "@trellis/protocol/resources";
import type { ObjectValue } from "../cty/value.ts";
import { type Diagnostic, invalidAttribute } from "../provider/diagnostics.ts";
import { attr, type Block } from "../schema/model.ts";
import {
  completeObject,
  isKnown,
  knownNumber,
  knownString,
  replaceOnChange,
  settleComputed,
} from "./plan-helpers.ts";
import type { ResourceType } from "./resource-type.ts";

const computed = ["id", "token", "prefix", "created_at", "expires_at"];
const inputs = ["name", "role", "expires_in_days"] as const;

const block: Block = {
  description: "An API token of the organisation (for CI, other Terraform workspaces, the CLI).",
  attributes: [
    attr.computed("id", "string", "The token's id (`tok_…`), the import id."),
    attr.required("name", "string", "A name to recognise the token by."),
    attr.required("role", "string", "One of: `owner`, `admin`, `member`, `viewer`."),
    attr.optional("expires_in_days", "number", "Days until the token expires; never when left out."),
    {
      ...attr.computed("token", "string", "The secret, shown once at creation (null after an import)."),
      sensitive: true,
    },
    attr.computed("prefix", "string", "The first characters of the secret, as lists show it."),
    attr.computed("created_at", "string", "When the token was created (RFC 3339)."),
    attr.computed("expires_at", "string", "When the token expires (RFC 3339), or null."),
  ],
  blocks: [],
};

function validate(config: ObjectValue): Diagnostic[] {
  if (!inputs.every((a) => isKnown(config[a]))) return [];
  const input = { name: config.name, role: config.role, expiresInDays: config.expires_in_days ?? undefined };
  const r = createTokenInputSchema.safeParse(input);
  if (r.success) return [];
  return fieldErrorsFromZod(r.error).map((e) =>
    invalidAttribute([e.pointer === "/expiresInDays" ? "expires_in_days" : e.pointer.slice(1)], e.detail),
  );
}

const stateOf = (t: ApiToken, secret: string | null, expiresInDays: number | null) =>
  completeObject(block, {
    id: t.id,
    name: t.name,
    role: t.role,
    expires_in_days: expiresInDays,
    token: secret,
    prefix: t.prefix,
    created_at: t.createdAt,
    expires_at: t.expiresAt,
  });

export const apiTokenResource: ResourceType = {
  name: "trellis_api_token",
  schema: block,
  validate,
  plan({ prior, proposed, config }) {
    const diagnostics = validate(config);
    if (diagnostics.length > 0) return { planned: proposed, diagnostics };
    const planned = settleComputed(proposed, prior, { computed, stable: computed });
    return { planned, requiresReplace: replaceOnChange(prior, planned, [...inputs]) };
  },
  async create(ctx, _planned, config) {
    const days = knownNumber(config.expires_in_days);
    const created = await ctx.client.tokens.create(
      {
        name: knownString(config.name)!,
        role: knownString(config.role) as ApiToken["role"],
        ...(days ? { expiresInDays: days } : {}),
      },
      { signal: ctx.signal },
    );
    return stateOf(created, created.token, days ?? null);
  },
  async update(_ctx, prior) {
    return prior;
  },
  async delete(ctx, prior) {
    const tokens = await ctx.client.tokens.listAll({ signal: ctx.signal });
    const id = knownString(prior.id)!;
    if (tokens.some((t) => t.id === id && t.revokedAt === null))
      await ctx.client.tokens.revoke(id, { signal: ctx.signal });
    return [];
  },
  async read(ctx, state) {
    const id = knownString(state.id)!;
    const token = (await ctx.client.tokens.listAll({ signal: ctx.signal })).find((t) => t.id === id);
    const expired =
      token?.expiresAt !== null &&
      token?.expiresAt !== undefined &&
      Date.parse(token.expiresAt) <= Date.now();
    if (!token || token.revokedAt !== null || expired) return null;
    return stateOf(token, knownString(state.token) ?? null, knownNumber(state.expires_in_days) ?? null);
  },
  importState: (id) => completeObject(block, { id }),
};
