import { parseDurationMs } from "@trellis/protocol/duration";
import type { MeshSettingsSpec } from "@trellis/protocol/resources";
import { type ConfigSnapshotV2, snapshotV2SchemaId } from "@trellis/protocol/snapshot/v2";
import type { CompileInput } from "../inputs.ts";
import { type MergedService, mergeDiscovered } from "../services.ts";
import { indexByTarget } from "./attachment.ts";
import { clusterOf } from "./clusters.ts";
import { faultOf } from "./faults.ts";
import { inboundOf, labelsByName } from "./inbound.ts";
import { rateLimitsByService } from "./rate-limits.ts";
import { type MeshResources, parseResources, serviceKey } from "./resources.ts";
import { retryOf } from "./retries.ts";
import { routeEntriesByService } from "./route-entries.ts";
import { virtualHostOf } from "./virtual-hosts.ts";

/** The part of a v2 snapshot every cluster of a mesh shares; only `cluster` differs. */
export type MeshConfigV2 = Omit<ConfigSnapshotV2, "cluster">;

export function snapshotV2Settings(settings: MeshSettingsSpec): ConfigSnapshotV2["settings"] {
  return {
    mtlsMode: settings.mtls.mode,
    egressMode: settings.egress.mode,
    certTtlSeconds: Math.round(parseDurationMs(settings.certificates.ttl) / 1000),
  };
}

/**
 * Compiles a mesh into the proxy-shaped snapshot v2 (pure: equal input, equal bytes).
 * Everything a data plane would otherwise work out is done here once: parentRef
 * attachment, Gateway API precedence, weights in basis points, policies attached to the
 * routes, clusters and inbound sides they govern, durations in ms, identities per
 * endpoint. Every list is sorted, so shuffled input gives the same snapshot.
 */
export function compileMeshConfigV2(input: CompileInput): MeshConfigV2 {
  const td = input.mesh.trustDomain;
  const merged = mergeDiscovered(td, input.services);
  const services = new Map<string, MergedService>(merged.map((s) => [serviceKey(s.namespace, s.name), s]));
  const resources = parseResources(input.resources);
  const entries = routeEntriesByService(resources, services);
  const policies = {
    retries: indexByTarget(resources.retryPolicies, retryOf),
    faults: indexByTarget(resources.faultInjections, faultOf),
  };
  const sharedNames = routeNamesInSeveralNamespaces(resources);
  const virtualHosts = merged.map((s) =>
    virtualHostOf(s, entries.get(serviceKey(s.namespace, s.name)) ?? [], policies, services, sharedNames),
  );
  const labels = labelsByName(virtualHosts);
  const limits = rateLimitsByService(resources.rateLimits, virtualHosts);
  const mesh = { name: input.mesh.name, trustDomain: td, defaultPolicy: input.settings.defaultPolicy };
  return {
    schema: snapshotV2SchemaId,
    mesh: { name: input.mesh.name, trustDomain: td },
    version: input.mesh.configVersion,
    settings: snapshotV2Settings(input.settings),
    trustBundle: [...input.trustBundle],
    virtualHosts,
    clusters: merged.map((s) => clusterOf(s, resources.circuitBreakers)),
    inbound: merged.map((s) =>
      inboundOf(s, resources, mesh, labels, limits.get(serviceKey(s.namespace, s.name)) ?? []),
    ),
  };
}

/** Route names that two namespaces both use (their labels then carry the namespace). */
function routeNamesInSeveralNamespaces(r: MeshResources): Set<string> {
  const namespaces = new Map<string, Set<string>>();
  for (const route of [...r.httpRoutes, ...r.grpcRoutes])
    namespaces.set(route.name, (namespaces.get(route.name) ?? new Set()).add(route.namespace));
  return new Set([...namespaces].filter(([, ns]) => ns.size > 1).map(([name]) => name));
}

/** Stamps the shared v2 config with one cluster's name, in the snapshot's field order. */
export function forClusterV2(shared: MeshConfigV2, cluster: string): ConfigSnapshotV2 {
  const { schema, mesh, ...rest } = shared;
  return { schema, mesh, cluster, ...rest };
}

/** One v2 snapshot per cluster of the mesh, keyed by cluster name. */
export function compileSnapshotsV2(input: CompileInput): Map<string, ConfigSnapshotV2> {
  const shared = compileMeshConfigV2(input);
  const names = input.clusters.map((c) => c.name).sort();
  return new Map(names.map((name) => [name, forClusterV2(shared, name)]));
}
