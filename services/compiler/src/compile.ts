import { parseDurationMs } from "@trellis/protocol/duration";
import { type MeshSettingsSpec, type ResourceKind, resourceSpecSchemas } from "@trellis/protocol/resources";
import { type ConfigSnapshot, type SnapshotSettings, snapshotSchemaId } from "@trellis/protocol/snapshot";
import type { CompileInput } from "./inputs.ts";
import { mergeServices } from "./services.ts";
import { forV1 } from "./v1-renderings.ts";

/** The part of a snapshot every cluster of a mesh shares; only `cluster` differs. */
export type MeshConfig = Omit<ConfigSnapshot, "cluster">;

const listOf = {
  HTTPRoute: "httpRoutes",
  GRPCRoute: "grpcRoutes",
  RetryPolicy: "retryPolicies",
  CircuitBreaker: "circuitBreakers",
  AuthorizationPolicy: "authorizationPolicies",
  RateLimit: "rateLimits",
  FaultInjection: "faultInjections",
} as const satisfies Partial<Record<ResourceKind, keyof ConfigSnapshot>>;

export function snapshotSettings(settings: MeshSettingsSpec): SnapshotSettings {
  return {
    mtlsMode: settings.mtls.mode,
    egressMode: settings.egress.mode,
    defaultPolicy: settings.defaultPolicy,
    certTtlSeconds: Math.round(parseDurationMs(settings.certificates.ttl) / 1000),
  };
}

/**
 * Compiles a mesh's configuration (pure: same input, same output). Specs go through their
 * zod schema again so defaults are explicit in the snapshot, and every list is sorted so
 * equal inputs serialize to equal bytes. A stored spec that no longer parses (a schema
 * tightened after it was written) is left out rather than poisoning the whole snapshot.
 * Features the previous release does not read are rewritten where v1 can say them
 * (v1-renderings.ts).
 */
export function compileMeshConfig(input: CompileInput): MeshConfig {
  const config: MeshConfig = {
    schema: snapshotSchemaId,
    mesh: { name: input.mesh.name, trustDomain: input.mesh.trustDomain },
    version: input.mesh.configVersion,
    settings: snapshotSettings(input.settings),
    services: mergeServices(input.mesh.trustDomain, input.services),
    httpRoutes: [],
    grpcRoutes: [],
    retryPolicies: [],
    circuitBreakers: [],
    authorizationPolicies: [],
    rateLimits: [],
    faultInjections: [],
    trustBundle: [...input.trustBundle],
  };
  const resources = [...input.resources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const r of resources) {
    if (r.kind === "MeshSettings") continue;
    const parsed = resourceSpecSchemas[r.kind].safeParse(r.spec);
    if (!parsed.success) continue;
    const item = { name: r.name, generation: r.generation, spec: parsed.data };
    (config[listOf[r.kind]] as { name: string; generation: number; spec: unknown }[]).push(
      ...forV1(r.kind, item, config.services),
    );
  }
  return config;
}

/** One snapshot per cluster of the mesh, keyed by cluster name. */
export function compileSnapshots(input: CompileInput): Map<string, ConfigSnapshot> {
  const shared = compileMeshConfig(input);
  const out = new Map<string, ConfigSnapshot>();
  const names = input.clusters.map((c) => c.name).sort();
  for (const name of names) out.set(name, forCluster(shared, name));
  return out;
}

/** Stamps the shared config with one cluster's name, in the snapshot's field order. */
export function forCluster(shared: MeshConfig, cluster: string): ConfigSnapshot {
  const { schema, mesh, ...rest } = shared;
  return { schema, mesh, cluster, ...rest };
}
