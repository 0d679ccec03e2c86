import type { ConnectorCommands } from "@trellis/core/context";
import type { TunnelSession } from "./session.ts";

/**
 * The connector streams this replica holds, by cluster and by mesh. Built before the
 * context so the domain's command senders (taps, CA rotation) get it as their
 * ConnectorCommands port; the hub adds and removes streams. Empty without the tunnel role.
 */
export class HeldStreams implements ConnectorCommands {
  private readonly byCluster = new Map<string, TunnelSession>();
  private readonly byMesh = new Map<string, Set<TunnelSession>>();

  /** The open, welcomed streams of a mesh on this replica. */
  streamsOf(meshId: string): TunnelSession[] {
    return [...(this.byMesh.get(meshId) ?? [])].filter((s) => s.welcomed && !s.closed);
  }

  /** Every stream of a mesh, welcomed or not (the reconcile pass asks whether any is behind). */
  allOf(meshId: string): Iterable<TunnelSession> {
    return this.byMesh.get(meshId) ?? [];
  }

  get(clusterId: string): TunnelSession | undefined {
    return this.byCluster.get(clusterId);
  }

  has(meshId: string): boolean {
    return this.byMesh.has(meshId);
  }

  get size(): number {
    return this.byCluster.size;
  }

  clusterIds(): string[] {
    return [...this.byCluster.keys()];
  }

  meshIds(): string[] {
    return [...this.byMesh.keys()];
  }

  sessions(): TunnelSession[] {
    return [...this.byCluster.values()];
  }

  /** Holds `s` as its cluster's stream; returns the one it replaces, if any. */
  add(s: TunnelSession): TunnelSession | undefined {
    const old = this.byCluster.get(s.cluster.id);
    this.byCluster.set(s.cluster.id, s);
    const set = this.byMesh.get(s.cluster.meshId) ?? new Set<TunnelSession>();
    this.byMesh.set(s.cluster.meshId, set);
    set.add(s);
    if (old) this.byMesh.get(old.cluster.meshId)?.delete(old);
    return old;
  }

  /** Forgets `s`; true when it was still its cluster's current stream. */
  remove(s: TunnelSession): boolean {
    const set = this.byMesh.get(s.cluster.meshId);
    set?.delete(s);
    if (set?.size === 0) this.byMesh.delete(s.cluster.meshId);
    if (this.byCluster.get(s.cluster.id) !== s) return false;
    this.byCluster.delete(s.cluster.id);
    return true;
  }
}
