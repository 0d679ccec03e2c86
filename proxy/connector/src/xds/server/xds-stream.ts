import { type NodeProfile, profileOf, type XdsNode } from "../translate/node-profile.ts";
import { type ResourceKind, resourceKinds, resourceTypes } from "../translate/resources.ts";
import { structToJson, type XdsNodeWire } from "./ads-service.ts";
import type { EncodedView, EncodedViews } from "./encoded-view.ts";
import { TypeReceipts } from "./receipts.ts";

export type Nack = { version: number; nonce: string; error: string };

/** What the registry and the report need to know of one ADS stream. */
export interface XdsStreamInfo {
  readonly streamId: number;
  readonly protocol: "sotw" | "delta";
  readonly attachedAtMs: number;
  readonly node: XdsNode | null;
  readonly profile: NodeProfile | null;
  readonly lastNack: Nack | null;
  appliedVersion(): number;
  /** Names subscribed to of one type; null for a wildcard subscription. */
  subscribedNames(kind: ResourceKind): string[] | null;
}

/** Streams tell the registry when their receipts change. */
export type StreamEvents = {
  identified(stream: XdsStreamInfo): void;
  changed(stream: XdsStreamInfo): void;
  log(level: "info" | "warn", msg: string, fields: Record<string, unknown>): void;
};

const kindByUrl = new Map(resourceKinds.map((k) => [`type.googleapis.com/${resourceTypes[k]}`, k]));

export function kindOfTypeUrl(url: string): ResourceKind | null {
  return kindByUrl.get(url) ?? null;
}

export function typeUrlOfKind(kind: ResourceKind): string {
  return `type.googleapis.com/${resourceTypes[kind]}`;
}

/** Responses go out in make-before-break order: secrets and clusters before what uses them. */
export const sendOrder: ResourceKind[] = ["secret", "cluster", "endpoint", "listener", "route"];

export function nodeOf(wire: XdsNodeWire): XdsNode {
  return {
    id: wire.id,
    userAgentName: wire.user_agent_name ?? "",
    userAgentVersion: wire.user_agent_version ?? "",
    metadata: structToJson(wire.metadata),
  };
}

/**
 * The part both ADS variants share: who the node is (from the first request that names
 * it), per-type receipts, the NACK record, and the view of the current snapshot for the
 * node's profile.
 */
export abstract class XdsStreamBase implements XdsStreamInfo {
  abstract readonly protocol: "sotw" | "delta";
  readonly attachedAtMs = Date.now();
  node: XdsNode | null = null;
  profile: NodeProfile | null = null;
  lastNack: Nack | null = null;
  protected readonly receipts = new Map<ResourceKind, TypeReceipts>();
  protected nonceSeq = 0;

  constructor(
    readonly streamId: number,
    protected readonly views: EncodedViews,
    protected readonly events: StreamEvents,
  ) {}

  appliedVersion(): number {
    if (this.receipts.size === 0) return 0;
    return Math.min(...[...this.receipts.values()].map((r) => r.applied));
  }

  /** Takes the node from a request; false (and the stream should end) when it is unusable. */
  protected identify(wire: XdsNodeWire | null): { ok: true } | { ok: false; error: string } {
    if (this.node) return { ok: true };
    if (!wire?.id) return { ok: false, error: "the first request must carry node.id" };
    const node = nodeOf(wire);
    const profile = profileOf(node);
    if (!profile.ok) return { ok: false, error: profile.error };
    this.node = node;
    this.profile = profile.profile;
    this.events.identified(this);
    return { ok: true };
  }

  protected view(): EncodedView | null {
    return this.profile ? this.views.of(this.profile) : null;
  }

  protected receiptsOf(kind: ResourceKind): TypeReceipts {
    let r = this.receipts.get(kind);
    if (!r) {
      r = new TypeReceipts();
      this.receipts.set(kind, r);
    }
    return r;
  }

  protected nextNonce(): string {
    return `${this.streamId}-${++this.nonceSeq}`;
  }

  /** An ACK or NACK of one of our responses (by nonce); stale nonces change nothing. */
  protected answer(kind: ResourceKind, nonce: string, error: { message: string } | null): void {
    const receipts = this.receiptsOf(kind);
    if (!error) {
      const version = receipts.ack(nonce);
      if (version === null) return;
      if (this.lastNack && this.lastNack.version <= this.appliedVersion()) this.lastNack = null;
    } else {
      const version = receipts.nack(nonce);
      if (version === null) return;
      this.lastNack = { version, nonce, error: `${resourceTypes[kind]}: ${error.message}` };
      this.events.log("warn", "xDS client refused a response", {
        node: this.node?.id,
        type: resourceTypes[kind],
        version,
        error: error.message,
      });
    }
    this.events.changed(this);
  }

  /** A new snapshot (or none): bring every type the client asked for up to date. */
  abstract push(): void;

  abstract subscribedNames(kind: ResourceKind): string[] | null;
}
