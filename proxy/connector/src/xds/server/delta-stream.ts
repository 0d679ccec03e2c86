import type { ResourceKind } from "../translate/resources.ts";
import type { DeltaDiscoveryRequest, DeltaDiscoveryResponse } from "./ads-service.ts";
import type { EncodedView, EncodedViews } from "./encoded-view.ts";
import { kindOfTypeUrl, type StreamEvents, sendOrder, typeUrlOfKind, XdsStreamBase } from "./xds-stream.ts";

/** `known`: what the client holds, name → content hash ("" = told it does not exist). */
type Subscription = { wildcard: boolean; names: Set<string>; known: Map<string, string> };

const wildcardKinds = new Set<ResourceKind>(["listener", "cluster"]);

/**
 * `DeltaAggregatedResources`: incremental xDS. Only resources whose content changed are
 * sent (versioned by a hash of their bytes), with `removed_resources` for those that went
 * away or, when named explicitly, do not exist. A reconnecting client's
 * `initial_resource_versions` count as held, so nothing unchanged is resent. A type with
 * no change for a new snapshot is current without a response.
 */
export class DeltaStream extends XdsStreamBase {
  readonly protocol = "delta";
  private readonly subs = new Map<ResourceKind, Subscription>();

  constructor(
    streamId: number,
    views: EncodedViews,
    events: StreamEvents,
    private readonly write: (res: DeltaDiscoveryResponse) => void,
    private readonly fail: (error: string) => void,
  ) {
    super(streamId, views, events);
  }

  request(req: DeltaDiscoveryRequest): void {
    const who = this.identify(req.node);
    if (!who.ok) {
      this.fail(who.error);
      return;
    }
    const kind = kindOfTypeUrl(req.type_url);
    if (!kind) return;
    if (req.response_nonce && this.receiptsOf(kind).isPending(req.response_nonce))
      this.answer(kind, req.response_nonce, req.error_detail ? { message: req.error_detail.message } : null);
    let sub = this.subs.get(kind);
    const first = !sub;
    if (!sub) {
      sub = {
        wildcard: false,
        names: new Set(),
        known: new Map(Object.entries(req.initial_resource_versions ?? {})),
      };
      this.subs.set(kind, sub);
      // Legacy wildcard: a first LDS/CDS request that names nothing.
      if (wildcardKinds.has(kind) && req.resource_names_subscribe.length === 0) sub.wildcard = true;
    }
    for (const n of req.resource_names_subscribe) {
      if (n === "*") sub.wildcard = true;
      else sub.names.add(n);
    }
    for (const n of req.resource_names_unsubscribe) {
      if (n === "*") sub.wildcard = false;
      else {
        sub.names.delete(n);
        sub.known.delete(n);
      }
    }
    const view = this.view();
    if (view && (first || req.resource_names_subscribe.length > 0)) {
      this.sendChanges(kind, sub, view);
      this.events.changed(this);
    }
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
      if (sub) this.sendChanges(kind, sub, view);
    }
  }

  private sendChanges(kind: ResourceKind, sub: Subscription, view: EncodedView): void {
    const wanted = new Set(sub.names);
    if (sub.wildcard) for (const n of view.names(kind)) wanted.add(n);
    const resources: DeltaDiscoveryResponse["resources"] = [];
    const removed: string[] = [];
    for (const name of wanted) {
      const r = view.get(kind, name);
      const held = sub.known.get(name);
      if (r && held !== r.hash) {
        resources.push({ name, version: r.hash, resource: r.any });
        sub.known.set(name, r.hash);
      } else if (!r && held !== "" && (sub.names.has(name) || held !== undefined)) {
        removed.push(name);
        sub.known.set(name, "");
      }
    }
    for (const [name, hash] of sub.known) {
      if (wanted.has(name)) continue;
      if (hash !== "") removed.push(name); // a wildcard resource that went away
      sub.known.delete(name);
    }
    const receipts = this.receiptsOf(kind);
    if (resources.length === 0 && removed.length === 0) {
      receipts.unchanged(view.version);
      return;
    }
    const nonce = this.nextNonce();
    receipts.sent(nonce, view.version, false);
    this.write({
      system_version_info: String(view.version),
      resources,
      type_url: typeUrlOfKind(kind),
      removed_resources: removed,
      nonce,
    });
  }
}
