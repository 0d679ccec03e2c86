import { parseDurationMs } from "@trellis/protocol/duration";
import { installNames as names } from "@trellis/protocol/install";
import { dnsLabelSchema } from "@trellis/protocol/names";
import {
  type SignResponse__Input,
  timestampFromMs,
  type WebhookCertificateRequest,
} from "@trellis/protocol/tunnel";
import type { Context } from "../context.ts";
import { AppError } from "../errors.ts";
import { settingsOf } from "../meshes/settings.ts";
import type { TunnelCluster } from "../tunnel-auth/tunnel-cluster.ts";
import { backendFor } from "./backend.ts";
import { recordIssued } from "./registry.ts";
import { signErrorOf } from "./sign.ts";

/** How a serving certificate appears in the registry (no proxy holds it). */
export const webhookRegistryId = "webhook";

/**
 * The serving certificate of a connector's sidecar-injector webhook (tunnel
 * WebhookCertificateRequest). The signing policy allows exactly this: one DNS name,
 * `trellis-injector.<namespace>.svc` — the webhook Service every install names so, in
 * whatever namespace the cluster installed Trellis — serverAuth only, no SPIFFE id (so it
 * can never pass as a workload), the mesh's certificate lifetime, the per-cluster rate
 * limit, and a row in the registry. Never throws: a refusal is a SignError.
 */
export async function signWebhookCertificate(
  ctx: Context,
  cluster: TunnelCluster,
  req: Pick<WebhookCertificateRequest, "requestId" | "csrPem" | "service" | "namespace">,
): Promise<SignResponse__Input> {
  try {
    ctx.ca.limiter.take(cluster.id);
    const dnsName = webhookDnsName(req.service, req.namespace);
    const { backend } = await backendFor(ctx, cluster.meshId);
    const settings = (await settingsOf(ctx.db, [cluster.meshId])).get(cluster.meshId)!;
    const cert = await backend.issueServing({
      csrPem: req.csrPem,
      dnsName,
      ttlSeconds: Math.floor(parseDurationMs(settings.certificates.ttl) / 1000),
      allowDnsName: (name) => name === dnsName,
    });
    await recordIssued(ctx, cluster, webhookRegistryId, cert);
    return {
      requestId: req.requestId,
      certificate: {
        certChainPem: cert.chainPem,
        trustBundlePem: cert.trustBundle,
        notAfter: timestampFromMs(cert.notAfter.getTime()),
      },
    };
  } catch (err) {
    return { requestId: req.requestId, error: signErrorOf(ctx, cluster, err) };
  }
}

/** `trellis-injector.<namespace>.svc`, or a Forbidden naming what was asked for. */
function webhookDnsName(service: string, namespace: string): string {
  if (service !== names.injectorService)
    throw new AppError(
      "forbidden",
      `a connector may obtain a serving certificate only for its webhook Service "${names.injectorService}", not "${service}"`,
    );
  if (!dnsLabelSchema.safeParse(namespace).success)
    throw new AppError("forbidden", `"${namespace}" is not a Kubernetes namespace name`);
  return `${service}.${namespace}.svc`;
}
