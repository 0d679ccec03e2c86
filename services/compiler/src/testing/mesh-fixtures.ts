import { defaultMeshSettings, type ResourceKind } from "@trellis/protocol/resources";
import {
  type ConfigSnapshotV2,
  parseConfigSnapshotV2,
  type VirtualHostV2,
} from "@trellis/protocol/snapshot/v2";
import { expect } from "vitest";
import type { CompileInput, DiscoveredClusterService, DiscoveredEndpoint } from "../inputs.ts";
import { compileSnapshotsV2 } from "../v2/compile.ts";

/** Small builders for compiler inputs: a mesh `shop` whose services live in namespace `shop`. */
export const trustDomain = "shop.trellis.test";

export function endpoint(address: string, over: Partial<DiscoveredEndpoint> = {}): DiscoveredEndpoint {
  return { address, port: 4143, serviceAccount: "", vmName: "", workload: "", ready: true, ...over };
}

export function service(
  name: string,
  over: Partial<DiscoveredClusterService> = {},
): DiscoveredClusterService {
  return {
    cluster: "east",
    name,
    namespace: "shop",
    ports: [{ port: 8080, protocol: "http" }],
    endpoints: [endpoint(`10.0.0.${name.length}`, { serviceAccount: name, workload: `${name}-0` })],
    ...over,
  };
}

export function resource(
  kind: ResourceKind,
  name: string,
  spec: Record<string, unknown>,
  generation = 1,
): CompileInput["resources"][number] {
  return { kind, name, generation, spec };
}

export function meshInput(over: Partial<CompileInput> = {}): CompileInput {
  return {
    mesh: { name: "shop", trustDomain, configVersion: 5 },
    settings: defaultMeshSettings,
    resources: [],
    services: [],
    clusters: [{ id: "clu_1", name: "east" }],
    trustBundle: ["-----BEGIN CERTIFICATE-----\nroot\n-----END CERTIFICATE-----\n"],
    ...over,
  };
}

/**
 * Compiles for cluster `east` and checks what every snapshot must be: valid against the
 * v2 contract (references included) and already in its parsed form (defaults explicit).
 */
export function compileV2(input: CompileInput): ConfigSnapshotV2 {
  const snapshot = compileSnapshotsV2(input).get("east")!;
  const parsed = parseConfigSnapshotV2(snapshot);
  if (!parsed.ok) throw new Error(parsed.error);
  expect(parsed.snapshot).toEqual(snapshot);
  return snapshot;
}

export function vhost(s: ConfigSnapshotV2, name: string): VirtualHostV2 {
  const found = s.virtualHosts.find((v) => v.service.name === name);
  if (!found) throw new Error(`no virtual host for ${name}`);
  return found;
}
