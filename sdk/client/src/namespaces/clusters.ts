import type { Cluster, CreatedCluster } from "@trellis/protocol/api";
import { operations } from "../operations.ts";
import { checkOptions, requestOptionKeys } from "../options.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import { PaginatedNamespace } from "./base.ts";

/** A one-time join token for a connector, and when it stops working. */
export interface JoinToken {
  /** Exchanged once by the connector for its long-lived cluster credential. */
  token: string;
  expiresAt: string;
}

/** The clusters of one mesh: each runs a connector holding a tunnel to the control plane. */
export class ClustersNamespace extends PaginatedNamespace<Cluster> {
  private readonly mesh: string;

  /** @internal */
  constructor(t: Transport, mesh: string) {
    super(t, operations.listClusters, { mesh });
    this.mesh = mesh;
  }

  /** Registers a cluster; the answer holds its one-time join token for the connector. */
  async create(name: string, options: RequestOptions = {}): Promise<CreatedCluster> {
    checkOptions("clusters.create", options, requestOptionKeys);
    const res = await this.t.call<CreatedCluster>(operations.createCluster, {
      ...options,
      params: { mesh: this.mesh },
      body: { name },
    });
    return res.body;
  }

  /** Gets a cluster: connection state, versions, last NACK. */
  async get(name: string, options: RequestOptions = {}): Promise<Cluster> {
    checkOptions("clusters.get", options, requestOptionKeys);
    return (await this.t.call<Cluster>(operations.getCluster, { ...options, params: this.params(name) }))
      .body;
  }

  /** Deletes a cluster; its connector is cut off. */
  async delete(name: string, options: RequestOptions = {}): Promise<void> {
    checkOptions("clusters.delete", options, requestOptionKeys);
    await this.t.call(operations.deleteCluster, { ...options, params: this.params(name) });
  }

  /** Issues a new one-time join token (e.g. to reinstall the connector). */
  async newJoinToken(name: string, options: RequestOptions = {}): Promise<JoinToken> {
    checkOptions("clusters.newJoinToken", options, requestOptionKeys);
    return (await this.t.call<JoinToken>(operations.newJoinToken, { ...options, params: this.params(name) }))
      .body;
  }

  /** Revokes the cluster's credential and closes its tunnel. */
  async revoke(name: string, options: RequestOptions = {}): Promise<Cluster> {
    checkOptions("clusters.revoke", options, requestOptionKeys);
    return (await this.t.call<Cluster>(operations.revokeCluster, { ...options, params: this.params(name) }))
      .body;
  }

  private params(cluster: string) {
    return { mesh: this.mesh, cluster };
  }
}
