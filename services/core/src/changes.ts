import type { Database } from "@trellis/db";

/** What changed, broadcast to every replica over PostgreSQL LISTEN/NOTIFY. */
export type Change =
  | { type: "mesh.config"; meshId: string; version: number }
  | { type: "cluster.revoked"; clusterId: string }
  | { type: "mesh.deleted"; meshId: string; clusterIds: string[] }
  /** A replica took a cluster's stream; any other replica holding one for it closes it. */
  | { type: "cluster.connected"; clusterId: string; replicaId: string; sessionId: string };

export const changeChannel = "trellis_changes";

export interface ChangeFeed {
  /** Publish after the transaction that made the change has committed. */
  publish(change: Change): Promise<void>;
  subscribe(handler: (change: Change) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createChangeFeed(database: Database, onError: (err: unknown) => void = () => {}): ChangeFeed {
  const handlers = new Set<(change: Change) => void>();
  let unlisten: (() => Promise<void>) | undefined;
  const deliver = (change: Change) => {
    for (const h of handlers) {
      try {
        h(change);
      } catch (err) {
        onError(err);
      }
    }
  };
  return {
    async publish(change) {
      await database.notify(changeChannel, JSON.stringify(change));
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async start() {
      unlisten = await database.listen(changeChannel, (payload) => {
        try {
          deliver(JSON.parse(payload) as Change);
        } catch (err) {
          onError(err);
        }
      });
    },
    async stop() {
      await unlisten?.();
      unlisten = undefined;
    },
  };
}
