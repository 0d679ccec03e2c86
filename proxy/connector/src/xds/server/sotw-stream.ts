import type { ResourceKind } from "../translate/resources.ts";
import { type DiscoveryRequest, withNonce } from "./ads-service.ts";
import type { EncodedView, EncodedViews } from "./encoded-view.ts";
import { kindOfTypeUrl, type StreamEvents, sendOrder, typeUrlOfKind, XdsStreamBase } from "./xds-stream.ts";

type Subscription = { wildcard: boolean; names: Set<string>; sentVersion: number | null };

/** LDS and CDS treat an empty first subscription as "everything" (the xDS wildcard). */
const wildcardKinds = new Set<ResourceKind>(["listener", "cluster"]);

/**
 * `StreamAggregatedResources`: state of the world. Each response carries every resource
 * the client subscribed to, versioned by the snapshot. A request whose nonce is not the
 * newest we sent for its type is stale and ignored (the newer response will be answered).
 * After a NACK nothing is resent until the subscription or the snapshot changes.
 */
export class SotwStream extends XdsStreamBase {
  readonly protocol = "sotw";
  private readonly subs = new Map<ResourceKind, Subscription>();

  constructor(
    streamId: number,
    views: EncodedViews,
    events: StreamEvents,
    private readonly write: (res: Buffer) => void,
    private readonly fail: (error: string) => void,
  ) {
    super(streamId, views, events);
  }

  request(req: DiscoveryRequest): void {
    const who = this.identify(req.node);
    if (!who.ok) {
      this.fail(who.error);
      return;
    }
    const kind = kindOfTypeUrl(req.type_url);
    if (!kind) return; // a type we do not serve: the client times it out
    if (req.response_nonce) {
      if (!this.receiptsOf(kind).isPending(req.response_nonce)) return;
      this.answer(kind, req.response_nonce, req.error_detail ? { message: req.error_detail.message } : null);
    }
    const before = this.subs.get(kind);
    const names = new Set(req.resource_names);
    const wildcard =
      names.delete("*") || (names.size === 0 && wildcardKinds.has(kind) && (before?.wildcard ?? true));
    const changed = !before || before.wildcard !== wildcard || !sameSet(before.names, names);
    const sub: Subscription = { wildcard, names, sentVersion: before?.sentVersion ?? null };
    this.subs.set(kind, sub);
    const view = this.view();
    if (view && (changed || sub.sentVersion !== view.version)) this.send(kind, sub, view);
  }

  subscribedNames(kind: ResourceKind): string[] | null {
    const sub = this.subs.get(kind);
    if (!sub) return [];
    return sub.wildcard ? null : [...sub.names];
  }

  push(): void {
    const view = this.view();
    if (!view) return;
    for (const kind of sendOrder) {
      const sub = this.subs.get(kind);
      if (sub && sub.sentVersion !== view.version) this.send(kind, sub, view);
    }
  }

  private send(kind: ResourceKind, sub: Subscription, view: EncodedView): void {
    const names = sub.wildcard ? view.names(kind) : [...sub.names].sort();
    const nonce = this.nextNonce();
    this.receiptsOf(kind).sent(nonce, view.version, true);
    sub.sentVersion = view.version;
    this.write(withNonce(view.sotwBody(kind, names, typeUrlOfKind(kind)), nonce));
  }
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
