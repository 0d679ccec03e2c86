import type { MeshSettingsSpec, ResourceKind } from "@trellis/protocol/resources";

/** An endpoint as a connector discovered it (tunnel `Endpoint`). */
export interface DiscoveredEndpoint {
  address: string;
  port: number;
  /** Kubernetes service account; empty for VMs. */
  serviceAccount: string;
  /** VM name for `spiffe://<td>/vm/<name>`; empty in Kubernetes. */
  vmName: string;
  workload: string;
  /** Discovery's readiness (Kubernetes EndpointSlice `ready`). */
  ready: boolean;
  /**
   * What is known beyond discovery's readiness, when something knows it (the endpoint's
   * proxy reported it is draining, or unhealthy): overrides `ready`. A `draining`
   * endpoint stays listed so in-flight work finishes but gets no new requests;
   * `not-ready` leaves it out of v2 clusters.
   */
  state?: EndpointState;
  /** The proxy (or xDS client) serving this endpoint, when the inventory knows it. */
  proxyId?: string;
}

export type EndpointState = "ready" | "draining" | "not-ready";

/** An endpoint's state: its `state` when given, else discovery's readiness. */
export function endpointState(e: DiscoveredEndpoint): EndpointState {
  return e.state ?? (e.ready ? "ready" : "not-ready");
}

/** One service as discovered in one cluster. */
export interface DiscoveredClusterService {
  /** The cluster's name. */
  cluster: string;
  name: string;
  namespace: string;
  ports: { port: number; protocol: string; name?: string }[];
  endpoints: DiscoveredEndpoint[];
}

/** Everything the compiler reads: one mesh at one config version. */
export interface CompileInput {
  mesh: { name: string; trustDomain: string; configVersion: number };
  settings: MeshSettingsSpec;
  /**
   * Stored specs of the mesh's resources (MeshSettings among them is ignored: see `settings`).
   * `namespace` is the resource's own (Gateway API: a policy's route target and an
   * authorization's route names are local to it); absent means `default`.
   */
  resources: { kind: ResourceKind; namespace?: string; name: string; generation: number; spec: unknown }[];
  services: DiscoveredClusterService[];
  clusters: { id: string; name: string }[];
  /** PEM roots the mesh trusts; empty until a CA backend provides them. */
  trustBundle: string[];
}
