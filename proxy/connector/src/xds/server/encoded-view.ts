import { createHash } from "node:crypto";
import type { ConfigSnapshotV2 } from "@trellis/protocol/snapshot/v2";
import { ProtoEncodeError, toAny } from "../protos/proto-codec.ts";
import { type NodeProfile, profileKey } from "../translate/node-profile.ts";
import { allowedDeprecated, type ResourceKind, ResourceView, resourceTypes } from "../translate/resources.ts";
import { type AnyWire, encodeDiscoveryResponse } from "./ads-service.ts";

/** One resource ready to send: its bytes as an Any and a content version (for delta). */
export type EncodedResource = { name: string; any: AnyWire; hash: string };

/** Encodings of one snapshot shared across profiles, by `sharingKey`. */
type Shared = { resources: Map<string, EncodedResource | null>; bodies: Map<string, Buffer> };

/**
 * A ResourceView with every resource encoded once (checked by the same strict codec the
 * conformance tests use). Nodes share the encodings of what does not depend on them: the
 * route table and endpoints by client kind, the mesh's clusters by kind and mTLS — so a
 * snapshot change costs one translation per kind of node, not one per sidecar or stream.
 * A resource the codec refuses is reported through `onProblem` and treated as absent.
 */
export class EncodedView {
  private readonly view: ResourceView;
  /** Set once its notes were logged. */
  notesLogged = false;
  private readonly own: string;
  private readonly meshClusters: Set<string>;

  constructor(
    readonly snapshot: ConfigSnapshotV2,
    readonly profile: NodeProfile,
    private readonly shared: Shared,
    private readonly onProblem: (error: string) => void,
  ) {
    this.view = new ResourceView(snapshot, profile);
    this.own = profileKey(profile);
    this.meshClusters = new Set(snapshot.clusters.map((c) => c.name));
  }

  /** What of the profile a resource depends on (see the class comment). */
  private sharingKey(kind: ResourceKind, names: readonly string[]): string {
    const p = this.profile;
    if (kind === "route" || kind === "endpoint") return `${kind}|${p.kind}`;
    if (kind === "cluster" && names.every((n) => this.meshClusters.has(n)))
      return `${kind}|${p.kind}|${p.certs ? "mtls" : "plain"}`;
    return `${kind}|${this.own}`;
  }

  get version(): number {
    return this.snapshot.version;
  }

  get notes(): ReadonlySet<string> {
    return this.view.notes;
  }

  names(kind: ResourceKind): string[] {
    return this.view.names(kind);
  }

  get(kind: ResourceKind, name: string): EncodedResource | null {
    const key = `${this.sharingKey(kind, [name])}\0${name}`;
    let hit = this.shared.resources.get(key);
    if (hit === undefined) {
      hit = this.encode(kind, name);
      this.shared.resources.set(key, hit);
    }
    return hit;
  }

  /**
   * The nonce-less state-of-the-world response for one subscription, encoded once and
   * shared by every stream of this profile that subscribed alike (see `withNonce`).
   */
  sotwBody(kind: ResourceKind, names: readonly string[], typeUrl: string): Buffer {
    const key = `${this.sharingKey(kind, names)}\0${names.join("\0")}`;
    let body = this.shared.bodies.get(key);
    if (!body) {
      const resources = names.flatMap((n) => {
        const r = this.get(kind, n);
        return r ? [r.any] : [];
      });
      body = encodeDiscoveryResponse({ version_info: String(this.version), resources, type_url: typeUrl });
      this.shared.bodies.set(key, body);
    }
    return body;
  }

  private encode(kind: ResourceKind, name: string): EncodedResource | null {
    const json = this.view.get(kind, name);
    if (!json) return null;
    try {
      const any = toAny(resourceTypes[kind], json, { allowDeprecated: allowedDeprecated(this.profile) });
      return { name, any, hash: createHash("sha256").update(any.value).digest("base64url").slice(0, 16) };
    } catch (err) {
      if (!(err instanceof ProtoEncodeError)) throw err;
      this.onProblem(`${kind} ${name}: ${err.message}`);
      return null;
    }
  }
}

/** Views of the current snapshot, one per node profile; a new snapshot starts afresh. */
export class EncodedViews {
  private snapshot: ConfigSnapshotV2 | null = null;
  private readonly byProfile = new Map<string, EncodedView>();
  private shared: Shared = { resources: new Map(), bodies: new Map() };

  constructor(
    private readonly onNotes: (profile: NodeProfile, notes: string[]) => void,
    private readonly onProblem: (error: string) => void,
  ) {}

  get current(): ConfigSnapshotV2 | null {
    return this.snapshot;
  }

  setSnapshot(snapshot: ConfigSnapshotV2 | null): void {
    this.snapshot = snapshot;
    this.byProfile.clear();
    this.shared = { resources: new Map(), bodies: new Map() };
  }

  /** The view for a profile, or null while no v2 snapshot is held. */
  of(profile: NodeProfile): EncodedView | null {
    if (!this.snapshot) return null;
    const key = profileKey(profile);
    let view = this.byProfile.get(key);
    if (!view) {
      view = new EncodedView(this.snapshot, profile, this.shared, this.onProblem);
      this.byProfile.set(key, view);
    }
    return view;
  }

  /** Called after a round of sends, so what the profile's dialect could not express is logged once. */
  flushNotes(): void {
    for (const view of this.byProfile.values()) {
      if (view.notes.size === 0 || view.notesLogged) continue;
      view.notesLogged = true;
      this.onNotes(view.profile, [...view.notes]);
    }
  }
}
