import { z } from "zod";

/**
 * Who an xDS client is, from its `Node`: the kind of data plane and, from the metadata our
 * bootstraps write under `trellis` (xds-bootstrap / envoy-bootstrap), which service it
 * serves, whether it has workload certificates and, for Envoy, its ports. A client with
 * bootstrap of its own still works: its kind comes from the user agent, and it gets the
 * outbound side only.
 */

export type XdsClientKind = "envoy" | "grpc-proxyless";

export const nodeMetadataSchema = z.object({
  kind: z.enum(["envoy", "grpc-proxyless"]).optional(),
  service: z.string().min(1).optional(),
  namespace: z.string().min(1).default("default"),
  /** The SPIFFE id the workload's certificate carries. */
  identity: z.string().startsWith("spiffe://").optional(),
  /** Where the cert agent writes cert.pem / key.pem / ca.pem on the workload. */
  certDir: z.string().min(1).optional(),
  /** Envoy: the app-facing outbound listener, the mesh-facing inbound one, and the app. */
  outboundPort: z.number().int().min(1).max(65535).optional(),
  inboundPort: z.number().int().min(1).max(65535).optional(),
  appPort: z.number().int().min(1).max(65535).optional(),
});
export type NodeMetadata = z.infer<typeof nodeMetadataSchema>;

export type NodeProfile = {
  kind: XdsClientKind;
  service: { name: string; namespace: string } | null;
  identity: string | null;
  /** Workload certificate files, when the node has some (mTLS on). */
  certs: { dir: string } | null;
  envoy: { outboundPort: number | null; inboundPort: number | null; appPort: number | null } | null;
};

export type XdsNode = {
  id: string;
  userAgentName: string;
  userAgentVersion: string;
  /** `node.metadata` as plain JSON. */
  metadata: Record<string, unknown>;
};

/** Pure: the profile of a node, or the reason its trellis metadata is unusable. */
export function profileOf(node: XdsNode): { ok: true; profile: NodeProfile } | { ok: false; error: string } {
  const parsed = nodeMetadataSchema.safeParse(node.metadata.trellis ?? {});
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return { ok: false, error: `node metadata trellis.${i.path.join(".")}: ${i.message}` };
  }
  const m = parsed.data;
  const kind: XdsClientKind = m.kind ?? (node.userAgentName === "envoy" ? "envoy" : "grpc-proxyless");
  return {
    ok: true,
    profile: {
      kind,
      service: m.service ? { name: m.service, namespace: m.namespace } : null,
      identity: m.identity ?? null,
      certs: m.certDir ? { dir: m.certDir } : null,
      envoy:
        kind === "envoy"
          ? {
              outboundPort: m.outboundPort ?? null,
              inboundPort: m.inboundPort ?? null,
              appPort: m.appPort ?? null,
            }
          : null,
    },
  };
}

/** Profiles with equal keys get byte-identical resources (the encode cache key). */
export function profileKey(p: NodeProfile): string {
  return JSON.stringify(p);
}
