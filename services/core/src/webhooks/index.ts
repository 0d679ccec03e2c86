// Alert webhooks: targets, signed deliveries with retries.
// The public surface of this area; everything else in the folder is internal.
export { createWebhook } from "./create.ts";
export { deleteWebhook, listDeliveries, listWebhooks } from "./manage.ts";
export { verifySignature } from "./sign.ts";
