import type { EndpointStates, ProxyMessage__Input, StartTap } from "@trellis/protocol/tunnel";
import type { Registry } from "prom-client";
import type { TlsMaterial } from "../identity/mesh-tls.ts";

/**
 * What the primary and its workers say over the cluster IPC channel. The primary holds
 * the one control stream: it fans config, TLS material, endpoint states, taps and the
 * drain out to the workers; workers send back what is theirs to report.
 */
export type ToWorker =
  | { t: "config"; payload: string }
  | { t: "tls"; material: TlsMaterial }
  | { t: "endpoints"; states: EndpointStates }
  | { t: "tap-start"; tap: StartTap }
  | { t: "tap-stop"; tapId: string }
  | { t: "metrics"; id: number }
  | { t: "drain" };

export type WorkerMetrics = Awaited<ReturnType<Registry["getMetricsAsJSON"]>>;

export type ToPrimary =
  | { t: "hello" }
  | { t: "listening"; listener: "inbound" | "outbound"; address: string }
  /** A message for the connector (metric batches, tap events): the primary forwards it. */
  | { t: "send"; msg: ProxyMessage__Input }
  | { t: "metrics"; id: number; metrics: WorkerMetrics };

/** Messages on the channel are ours when they carry `t` (prom-client and Node use others). */
export function isOurs<T extends { t: string }>(msg: unknown): msg is T {
  return typeof msg === "object" && msg !== null && typeof (msg as { t?: unknown }).t === "string";
}
