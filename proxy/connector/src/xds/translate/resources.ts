import type { ConfigSnapshotV2 } from "@trellis/protocol/snapshot/v2";
import { clusterResource } from "./clusters.ts";
import { resourceNames, type TranslateContext } from "./context.ts";
import { endpointResource } from "./endpoints.ts";
import {
  envoyInboundListener,
  envoyOutboundListener,
  grpcClientListener,
  grpcClientListenerNames,
  grpcServerListener,
} from "./listeners.ts";
import { localClusters } from "./local-clusters.ts";
import type { NodeProfile } from "./node-profile.ts";
import { outboundRouteConfiguration } from "./routes.ts";
import { secretNames, secretResource } from "./secrets.ts";
import { grpcDeprecatedFields } from "./tls.ts";

type Json = Record<string, unknown>;

/** The xDS resource types the connector serves, by their message names. */
export const resourceTypes = {
  listener: "envoy.config.listener.v3.Listener",
  route: "envoy.config.route.v3.RouteConfiguration",
  cluster: "envoy.config.cluster.v3.Cluster",
  endpoint: "envoy.config.endpoint.v3.ClusterLoadAssignment",
  secret: "envoy.extensions.transport_sockets.tls.v3.Secret",
} as const;
export type ResourceKind = keyof typeof resourceTypes;
export const resourceKinds = Object.keys(resourceTypes) as ResourceKind[];

/** Deprecated fields a client kind needs (proto checks allow exactly these). */
export function allowedDeprecated(profile: NodeProfile): readonly string[] {
  return profile.kind === "grpc-proxyless" ? grpcDeprecatedFields : [];
}

/**
 * The xDS view of one v2 snapshot for one kind of node: which resources exist (what a
 * wildcard subscription gets) and each one as canonical Envoy JSON. Pure and lazy: a
 * resource is translated when first asked for, then kept. `notes` collects what the
 * node's xDS dialect cannot express.
 */
export class ResourceView {
  readonly ctx: TranslateContext;
  private readonly memo = new Map<string, Json | null>();
  private clusterIndex: Map<string, ConfigSnapshotV2["clusters"][number]> | null = null;

  constructor(snapshot: ConfigSnapshotV2, profile: NodeProfile) {
    this.ctx = { snapshot, profile, notes: new Set() };
  }

  get notes(): ReadonlySet<string> {
    return this.ctx.notes;
  }

  names(kind: ResourceKind): string[] {
    const { snapshot, profile } = this.ctx;
    switch (kind) {
      case "listener":
        if (profile.kind === "grpc-proxyless") return grpcClientListenerNames(this.ctx);
        return [
          ...(profile.envoy?.outboundPort ? [resourceNames.outboundListener] : []),
          ...(profile.envoy?.inboundPort && profile.envoy.appPort ? [resourceNames.inboundListener] : []),
        ];
      case "route":
        return [resourceNames.outboundRoutes];
      case "cluster":
        return [...snapshot.clusters.map((c) => c.name), ...this.locals().map((c) => String(c.name))];
      case "endpoint":
        return snapshot.clusters.map((c) => c.name);
      case "secret":
        return secretNames(this.ctx);
    }
  }

  get(kind: ResourceKind, name: string): Json | null {
    const key = `${kind}\0${name}`;
    if (!this.memo.has(key)) this.memo.set(key, this.translate(kind, name));
    return this.memo.get(key)!;
  }

  private translate(kind: ResourceKind, name: string): Json | null {
    const { profile } = this.ctx;
    switch (kind) {
      case "listener":
        if (profile.kind === "grpc-proxyless") {
          if (name.startsWith(resourceNames.serverListenerPrefix)) return grpcServerListener(name, this.ctx);
          return this.names("listener").includes(name) ? grpcClientListener(name) : null;
        }
        if (name === resourceNames.outboundListener && profile.envoy?.outboundPort)
          return envoyOutboundListener(this.ctx, profile.envoy.outboundPort);
        if (name === resourceNames.inboundListener && profile.envoy?.inboundPort && profile.envoy.appPort)
          return envoyInboundListener(this.ctx, profile.envoy.inboundPort);
        return null;
      case "route":
        return name === resourceNames.outboundRoutes ? outboundRouteConfiguration(this.ctx) : null;
      case "cluster": {
        const c = this.cluster(name);
        return c ? clusterResource(c, this.ctx) : (this.locals().find((l) => l.name === name) ?? null);
      }
      case "endpoint": {
        const c = this.cluster(name);
        return c ? endpointResource(c, this.ctx) : null;
      }
      case "secret":
        return secretResource(name, this.ctx);
    }
  }

  private cluster(name: string) {
    this.clusterIndex ??= new Map(this.ctx.snapshot.clusters.map((c) => [c.name, c]));
    return this.clusterIndex.get(name);
  }

  private localsMemo: Json[] | null = null;
  private locals(): Json[] {
    this.localsMemo ??= localClusters(this.ctx);
    return this.localsMemo;
  }
}
