import type {
  CreatedWebhook,
  createWebhookInputSchema,
  Webhook,
  WebhookDelivery,
} from "@trellis/protocol/api";
import { operations } from "../operations.ts";
import { checkOptions, requestOptionKeys } from "../options.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import { PaginatedNamespace } from "./base.ts";

/** What `webhooks.create` takes: the receiver's URL and an optional description. */
export type WebhookInput = (typeof createWebhookInputSchema)["_zod"]["input"];

/**
 * The org's webhooks: each receives the `FlagEvent`s (flag raised/cleared) of every mesh,
 * signed with `X-Trellis-Signature`.
 */
export class WebhooksNamespace extends PaginatedNamespace<Webhook> {
  /** @internal */
  constructor(t: Transport) {
    super(t, operations.listWebhooks);
  }

  /** Creates a webhook (idempotent across retries); the answer holds its signing secret, shown once. */
  async create(input: WebhookInput, options: RequestOptions = {}): Promise<CreatedWebhook> {
    checkOptions("webhooks.create", options, requestOptionKeys);
    return (await this.t.call<CreatedWebhook>(operations.createWebhook, { ...options, body: input })).body;
  }

  /** Deletes a webhook. */
  async delete(id: string, options: RequestOptions = {}): Promise<void> {
    checkOptions("webhooks.delete", options, requestOptionKeys);
    await this.t.call(operations.deleteWebhook, { ...options, params: { id } });
  }

  /** The delivery log of one webhook, newest first. */
  deliveries(id: string): PaginatedNamespace<WebhookDelivery> {
    return new DeliveriesNamespace(this.t, id);
  }
}

class DeliveriesNamespace extends PaginatedNamespace<WebhookDelivery> {
  constructor(t: Transport, id: string) {
    super(t, operations.listWebhookDeliveries, { id });
  }
}
