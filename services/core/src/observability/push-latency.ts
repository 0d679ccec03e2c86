import type { Context } from "../context.ts";
import { controlPlaneMetrics } from "./control-plane-metrics.ts";

/**
 * When each mesh config version was committed, as seen by this replica (the `mesh.config`
 * change notification follows the commit). Push latency = ACK time − commit time; versions
 * this replica never heard about (it started later) are not observed.
 */
export class PushLatency {
  private readonly committed = new Map<string, Map<number, number>>();
  /** Keep a few versions per mesh: an ACK names the newest version, older ones never come. */
  private static readonly perMesh = 16;

  constructor(private readonly nowMs: () => number = Date.now) {}

  committedAt(meshId: string, version: number, atMs = this.nowMs()): void {
    let versions = this.committed.get(meshId);
    if (!versions) {
      versions = new Map();
      this.committed.set(meshId, versions);
    }
    if (!versions.has(version)) versions.set(version, atMs);
    while (versions.size > PushLatency.perMesh) versions.delete(versions.keys().next().value!);
  }

  /** Seconds since `version` was committed, once per (mesh, version, cluster) answer. */
  answered(meshId: string, version: number): number | null {
    const at = this.committed.get(meshId)?.get(version);
    return at === undefined ? null : Math.max(0, this.nowMs() - at) / 1000;
  }

  forgetMesh(meshId: string): void {
    this.committed.delete(meshId);
  }
}

const trackers = new WeakMap<Context, PushLatency>();

/** Starts recording commit times from the change feed; call once per control plane. */
export function trackConfigCommits(ctx: Context): () => void {
  const tracker = new PushLatency();
  trackers.set(ctx, tracker);
  return ctx.changes.subscribe((change) => {
    if (change.type === "mesh.config") tracker.committedAt(change.meshId, change.version);
    else if (change.type === "mesh.deleted") tracker.forgetMesh(change.meshId);
  });
}

/** For the tunnel: a connector ACKed `version` of its mesh's config. */
export function observeConfigAck(ctx: Context, meshId: string, version: number): void {
  const seconds = trackers.get(ctx)?.answered(meshId, version);
  if (seconds != null)
    controlPlaneMetrics(ctx.metrics).configPushSeconds.observe({ outcome: "ack" }, seconds);
}

/** For the tunnel: a connector NACKed `version`. */
export function observeConfigNack(ctx: Context, meshId: string, version: number): void {
  const m = controlPlaneMetrics(ctx.metrics);
  m.configNacks.inc();
  const seconds = trackers.get(ctx)?.answered(meshId, version);
  if (seconds != null) m.configPushSeconds.observe({ outcome: "nack" }, seconds);
}

/** For the CA work: times one CSR → answer; `issued` false when it was refused. */
export async function timeCertificateIssuance<T>(
  ctx: Context,
  issue: () => Promise<T>,
  issued: (r: T) => boolean,
): Promise<T> {
  const started = performance.now();
  const m = controlPlaneMetrics(ctx.metrics);
  try {
    const result = await issue();
    const outcome = issued(result) ? "issued" : "refused";
    m.certIssued.inc({ outcome });
    m.certIssueSeconds.observe({ outcome }, (performance.now() - started) / 1000);
    return result;
  } catch (err) {
    m.certIssued.inc({ outcome: "refused" });
    m.certIssueSeconds.observe({ outcome: "refused" }, (performance.now() - started) / 1000);
    throw err;
  }
}
