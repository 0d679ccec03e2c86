import { operations } from "../operations.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import { PaginatedNamespace } from "./base.ts";
import type { JsonObject } from "./observability.ts";

/** The org's webhooks (typed as JSON until their schemas move to @trellis/protocol). */
export class WebhooksNamespace extends PaginatedNamespace<JsonObject> {
  /** @internal */
  constructor(t: Transport) {
    super(t, operations.listWebhooks);
  }

  /** Creates a webhook; the answer holds its signing secret, shown once. */
  async create(input: JsonObject, options: RequestOptions = {}): Promise<JsonObject> {
    return (await this.t.call<JsonObject>(operations.createWebhook, { ...options, body: input })).body;
  }

  /** Deletes a webhook. */
  async delete(id: string, options: RequestOptions = {}): Promise<void> {
    await this.t.call(operations.deleteWebhook, { ...options, params: { id } });
  }

  /** The delivery log of one webhook, newest first. */
  deliveries(id: string): PaginatedNamespace<JsonObject> {
    return new DeliveriesNamespace(this.t, id);
  }
}

class DeliveriesNamespace extends PaginatedNamespace<JsonObject> {
  constructor(t: Transport, id: string) {
    super(t, operations.listWebhookDeliveries, { id });
  }
}
