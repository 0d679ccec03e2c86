import { request } from "node:https";
import type { TLSSocket } from "node:tls";
import { injectorDnsName } from "./webhook-certs.ts";

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
  /** SHA-256 fingerprint of the certificate the server presented. */
  fingerprint: string;
}

/**
 * Calls the webhook as the API server does: HTTPS, the CA from the webhook
 * configuration's caBundle, the certificate checked against the Service's DNS name.
 */
export function callWebhook(
  port: number,
  caPem: Buffer,
  body: string,
  options: { path?: string; method?: string } = {},
): Promise<WebhookAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        servername: injectorDnsName,
        ca: caPem,
        path: options.path ?? "/inject",
        method: options.method ?? "POST",
        headers: { "content-type": "application/json" },
        agent: false,
      },
      (res) => {
        const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>,
            fingerprint,
          });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
