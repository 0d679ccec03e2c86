import type { TapEvent } from "@trellis/protocol/api";

/**
 * Tap traffic between replicas, over PostgreSQL NOTIFY on its own channel: the replica
 * serving the client's SSE stream is rarely the one holding the connector's stream.
 * Every message stays below NOTIFY's 8000-byte payload limit.
 */
export const tapChannel = "trellis_tap";

export interface TapSpec {
  tapId: string;
  meshId: string;
  /** The clusters (running the service) whose connectors should sample. */
  clusterIds: string[];
  service: string;
  namespace: string;
  pathPrefix: string;
  maxEvents: number;
  maxDurationMs: number;
  maxEventsPerSecond: number;
}

export type TapMessage =
  /** From the watching replica: ask connectors to start sampling. */
  | { t: "start"; origin: string; spec: TapSpec }
  /** From the watching replica: the client left or a bound was hit. */
  | { t: "stop"; tapId: string }
  /** From a tunnel replica to the watching one. */
  | { t: "event"; tapId: string; origin: string; event: TapEvent };
