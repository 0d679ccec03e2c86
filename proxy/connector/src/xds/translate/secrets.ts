import { join } from "node:path/posix";
import { certFiles, resourceNames, type TranslateContext } from "./context.ts";

type Json = Record<string, unknown>;

/**
 * SDS for Envoy. `trellis/roots` carries the mesh's trust bundle inline, so a CA rotation
 * reaches every sidecar with the snapshot. `trellis/identity` names the workload's own
 * certificate and key as files on the workload (written by `trellis-connector cert-agent`,
 * which makes the key there): private keys never travel through the connector. Envoy
 * reloads them when the directory changes (`watched_directory`).
 * No roots, no secret: Envoy then waits rather than trusting nothing-in-particular.
 */
export function secretNames(ctx: TranslateContext): string[] {
  if (!ctx.profile.certs || ctx.profile.kind !== "envoy") return [];
  return [
    resourceNames.identitySecret,
    ...(ctx.snapshot.trustBundle.length > 0 ? [resourceNames.rootsSecret] : []),
  ];
}

export function secretResource(name: string, ctx: TranslateContext): Json | null {
  const certs = ctx.profile.certs;
  if (!certs || ctx.profile.kind !== "envoy") return null;
  if (name === resourceNames.identitySecret)
    return {
      name,
      tls_certificate: {
        certificate_chain: { filename: join(certs.dir, certFiles.cert) },
        private_key: { filename: join(certs.dir, certFiles.key) },
        watched_directory: { path: certs.dir },
      },
    };
  if (name === resourceNames.rootsSecret && ctx.snapshot.trustBundle.length > 0)
    return {
      name,
      validation_context: { trusted_ca: { inline_string: ctx.snapshot.trustBundle.join("\n") } },
    };
  return null;
}
