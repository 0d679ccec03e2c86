import { z } from "zod";
import { clusterV2Schema } from "./clusters.ts";
import { inboundV2Schema } from "./inbound.ts";
import { virtualHostV2Schema } from "./routes.ts";

export * from "./clusters.ts";
export * from "./inbound.ts";
export * from "./policies.ts";
export * from "./routes.ts";
export * from "./shared.ts";

/**
 * The config snapshot, version 2: proxy-shaped. The control plane's compiler does all
 * the work once — parentRef attachment, Gateway API precedence, policy attachment,
 * weight normalisation, durations in ms, identities per endpoint — so a data plane only
 * indexes it, and the connector translates it 1:1 to xDS (virtual hosts → RDS, clusters →
 * CDS + EDS, inbound → RBAC / local rate limit filters). It is a data-plane contract, not
 * the API schema: API changes do not change it.
 */
export const snapshotV2SchemaId = "trellis.config/v2";

export const snapshotV2SettingsSchema = z.object({
  mtlsMode: z.enum(["strict", "permissive"]),
  /** What the outbound side does with a host that is not a mesh service. */
  egressMode: z.enum(["allow", "deny"]),
  certTtlSeconds: z
    .number()
    .int()
    .min(3600)
    .max(7 * 24 * 3600),
});

export const configSnapshotV2Schema = z.object({
  schema: z.literal(snapshotV2SchemaId),
  mesh: z.object({ name: z.string().min(1), trustDomain: z.string().min(1) }),
  cluster: z.string(),
  /** Monotonic per mesh; equal versions carry equal content. */
  version: z.number().int().min(0),
  settings: snapshotV2SettingsSchema,
  /** PEM roots the mesh trusts; during a CA rotation, the old and the new root. */
  trustBundle: z.array(z.string()),
  virtualHosts: z.array(virtualHostV2Schema),
  clusters: z.array(clusterV2Schema),
  inbound: z.array(inboundV2Schema),
});
export type ConfigSnapshotV2 = z.infer<typeof configSnapshotV2Schema>;

/**
 * Validates a v2 payload and its references (every route backend and mirror names a
 * cluster of the snapshot; names are unique). The first few problems are named by JSON
 * pointer for the NACK.
 */
export function parseConfigSnapshotV2(
  payload: unknown,
): { ok: true; snapshot: ConfigSnapshotV2 } | { ok: false; error: string } {
  const result = configSnapshotV2Schema.safeParse(payload);
  if (!result.success) {
    const first = result.error.issues
      .slice(0, 3)
      .map((i) => `/${i.path.join("/")}: ${i.message}`)
      .join("; ");
    return { ok: false, error: `snapshot failed ${snapshotV2SchemaId} validation: ${first}` };
  }
  const problems = referenceProblems(result.data);
  if (problems.length > 0)
    return { ok: false, error: `snapshot ${snapshotV2SchemaId}: ${problems.slice(0, 3).join("; ")}` };
  return { ok: true, snapshot: result.data };
}

function referenceProblems(s: ConfigSnapshotV2): string[] {
  const problems: string[] = [];
  const clusters = new Set<string>();
  s.clusters.forEach((c, i) => {
    if (clusters.has(c.name)) problems.push(`/clusters/${i}/name: cluster ${c.name} appears twice`);
    clusters.add(c.name);
  });
  const hosts = new Set<string>();
  s.virtualHosts.forEach((vh, v) => {
    if (hosts.has(vh.name)) problems.push(`/virtualHosts/${v}/name: ${vh.name} appears twice`);
    hosts.add(vh.name);
    vh.routes.forEach((r, i) => {
      if (r.action.type !== "forward") return;
      const at = `/virtualHosts/${v}/routes/${i}/action`;
      r.action.backends.forEach((b, j) => {
        if (!clusters.has(b.cluster)) problems.push(`${at}/backends/${j}/cluster: no cluster ${b.cluster}`);
      });
      r.action.mirrors.forEach((m, j) => {
        if (!clusters.has(m.cluster)) problems.push(`${at}/mirrors/${j}/cluster: no cluster ${m.cluster}`);
      });
    });
  });
  return problems;
}
