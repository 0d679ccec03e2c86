// trellis_webhook: an org webhook receiving the mesh flag events. The API has no update:
// a change makes a new webhook. The signing secret is shown once and kept in state.
import { createWebhookInputSchema, type Webhook } from "@trellis/protocol/api";
import { fieldErrorsFromZod } from "@trellis/protocol/resources";
import type { ObjectValue } from "../cty/value.ts";
import { type Diagnostic, invalidAttribute } from "../provider/diagnostics.ts";
import { attr, type Block } from "../schema/model.ts";
import { ignoreNotFound } from "./not-found.ts";
import { completeObject, isKnown, knownString, replaceOnChange, settleComputed } from "./plan-helpers.ts";
import type { ResourceType } from "./resource-type.ts";

const computed = ["id", "secret", "created_at"];

const block: Block = {
  description: "A webhook: Trellis POSTs each raised or cleared health flag of every mesh to it, signed.",
  attributes: [
    attr.computed("id", "string", "The webhook's id, the import id."),
    attr.required("url", "string", "Where to POST the events. Changing it creates a new webhook."),
    attr.optionalComputed("description", "string", 'A description. Default: `""`.'),
    {
      ...attr.computed(
        "secret",
        "string",
        "The HMAC key of `X-Trellis-Signature`, shown once (null after an import).",
      ),
      sensitive: true,
    },
    attr.computed("created_at", "string", "When the webhook was created (RFC 3339)."),
  ],
  blocks: [],
};

function validate(config: ObjectValue): Diagnostic[] {
  if (!isKnown(config.url) || !isKnown(config.description)) return [];
  const r = createWebhookInputSchema.safeParse({
    url: config.url,
    description: config.description ?? undefined,
  });
  return r.success
    ? []
    : fieldErrorsFromZod(r.error).map((e) => invalidAttribute([e.pointer.slice(1)], e.detail));
}

const stateOf = (w: Webhook, secret: string | null) =>
  completeObject(block, {
    id: w.id,
    url: w.url,
    description: w.description,
    secret,
    created_at: w.createdAt,
  });

export const webhookResource: ResourceType = {
  name: "trellis_webhook",
  schema: block,
  validate,
  plan({ prior, proposed, config }) {
    const diagnostics = validate(config);
    if (diagnostics.length > 0) return { planned: proposed, diagnostics };
    const planned = settleComputed({ ...proposed, description: config.description ?? "" }, prior, {
      computed,
      stable: computed,
    });
    return { planned, requiresReplace: replaceOnChange(prior, planned, ["url", "description"]) };
  },
  async create(ctx, _planned, config) {
    const w = await ctx.client.webhooks.create(
      { url: knownString(config.url)!, description: knownString(config.description) ?? "" },
      { signal: ctx.signal },
    );
    return stateOf(w, w.secret);
  },
  async update(_ctx, prior) {
    return prior;
  },
  async delete(ctx, prior) {
    await ctx.client.webhooks.delete(knownString(prior.id)!, { signal: ctx.signal }).catch(ignoreNotFound);
    return [];
  },
  async read(ctx, state) {
    const w = (await ctx.client.webhooks.listAll({ signal: ctx.signal })).find((x) => x.id === state.id);
    return w ? stateOf(w, knownString(state.secret) ?? null) : null;
  },
  importState: (id) => completeObject(block, { id }),
};
