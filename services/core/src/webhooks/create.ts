import { schema } from "@trellis/db";
import type { CreatedWebhook, CreateWebhookInput } from "@trellis/protocol/api";
import { eq } from "drizzle-orm";
import { actorId, authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { sealText } from "../crypto/at-rest.ts";
import { newSecret } from "../crypto/secrets.ts";
import { invalid, limitExceeded } from "../errors.ts";
import { newId } from "../ids.ts";
import type { VerbArgs } from "../verb.ts";
import { webhookDto } from "./dto.ts";
import { refusedTarget } from "./target-guard.ts";

/** An org may not register more webhooks than this. */
export const maxWebhooksPerOrg = 20;

/** What a webhook's sealed secret is bound to: its own row. */
export const webhookSecretContext = (webhookId: string) => `webhook:${webhookId}`;

/** Registers an alert webhook; its signing secret is in this answer only (stored sealed with the KEK). */
export async function createWebhook({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<CreateWebhookInput>): Promise<CreatedWebhook> {
  authorize(actor, "webhooks.write");
  const refused = await refusedTarget(input.url, ctx.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
  if (refused) throw invalid(`url: ${refused}`, [{ pointer: "/url", detail: refused }]);
  const secret = newSecret("whsec");
  const id = newId("webhook");
  return ctx.db.transaction(async (tx) => {
    const count = await tx.$count(schema.webhooks, eq(schema.webhooks.orgId, actor.orgId));
    if (count >= maxWebhooksPerOrg)
      throw limitExceeded(`an org may have at most ${maxWebhooksPerOrg} webhooks; delete one first`);
    const [row] = await tx
      .insert(schema.webhooks)
      .values({
        id,
        orgId: actor.orgId,
        url: input.url,
        description: input.description,
        secret: sealText(ctx.ca.kek, secret, webhookSecretContext(id)),
        createdBy: actorId(actor),
      })
      .returning();
    await recordAudit(tx, actor, requestId, {
      action: "webhook.create",
      target: row!.id,
      details: { url: input.url },
    });
    return { ...webhookDto(row!), secret };
  });
}
