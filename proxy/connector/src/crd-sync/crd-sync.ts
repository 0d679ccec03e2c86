import { CustomObjectsApi, type KubeConfig, Watch } from "@kubernetes/client-node";
import type { ConnectorMessage__Input, ResourceSyncResult } from "@trellis/protocol/tunnel";
import { errorText, type Logger } from "@trellis/proxy-core/logger";
import { Reflector } from "../discovery/kube-reflector.ts";
import { type CustomObject, clusterResource, keyOfObject, objectKey } from "./cluster-documents.ts";
import { nextStatus } from "./status-conditions.ts";
import { collectionPath, typeName, type WatchedType, watchedTypes } from "./watched-types.ts";

export interface CrdSyncOptions {
  debounceMs: number;
  /** Informer resync: the full set is sent again this often, and fresh statuses come back. */
  resyncMs: number;
  backoff: { baseMs: number; capMs: number };
}

export interface CrdSyncStatus {
  synced: boolean;
  resources: number;
  lastSyncId: number;
  lastResultAt: string | null;
  statusWrites: number;
  lastError: string | null;
  types: Record<string, { synced: boolean; version: string; installed: boolean }>;
}

/**
 * The CRD sync (DESIGN §1): an informer per watched type (list, then watch with bookmarks
 * from the list's version; 410 Gone → relist; see kube-reflector.ts), the whole set sent
 * up the tunnel as a state-of-the-world ResourceSync — after every Welcome, on every
 * change of a document, and every `resyncMs` — and each ResourceSyncResult written back
 * to the objects' status subresource. Nothing is sent before every type has been listed:
 * a partial set would read as deletions. A type whose CRD is not installed counts as an
 * empty list and is looked for again with the reflector's backoff.
 */
export class CrdSync {
  private readonly reflectors: {
    type: WatchedType;
    reflector: Reflector<CustomObject>;
    installed: boolean;
  }[];
  private readonly api: CustomObjectsApi;
  private syncId = 0;
  /** The payload last sent on the current stream; "" forces the next send. */
  private lastSent = "";
  private debounce: NodeJS.Timeout | null = null;
  private resync: NodeJS.Timeout | null = null;
  private readonly counters = {
    statusWrites: 0,
    lastResultAt: null as string | null,
    lastError: null as string | null,
  };

  constructor(
    kc: KubeConfig,
    private readonly opts: CrdSyncOptions,
    private readonly upstream: { send(msg: ConnectorMessage__Input): boolean },
    private readonly log: Logger,
  ) {
    const watch = new Watch(kc);
    this.api = kc.makeApiClient(CustomObjectsApi);
    this.reflectors = watchedTypes().map((type) => {
      const entry = { type, installed: true, reflector: null as unknown as Reflector<CustomObject> };
      entry.reflector = new Reflector<CustomObject>(
        typeName(type),
        collectionPath(type),
        watch,
        () => this.list(entry),
        () => this.schedule(),
        opts.backoff,
        log,
      );
      return entry;
    });
  }

  start(): void {
    for (const r of this.reflectors) r.reflector.start();
    this.resync = setInterval(() => this.send(true), this.opts.resyncMs);
    this.resync.unref();
  }

  async stop(): Promise<void> {
    if (this.debounce) clearTimeout(this.debounce);
    if (this.resync) clearInterval(this.resync);
    await Promise.all(this.reflectors.map((r) => r.reflector.stop()));
  }

  /** A new stream: the control plane needs the whole set again. */
  onConnected(): void {
    this.lastSent = "";
    this.send(true);
  }

  status(): CrdSyncStatus {
    return {
      synced: this.allListed(),
      resources: this.objects().length,
      lastSyncId: this.syncId,
      lastResultAt: this.counters.lastResultAt,
      statusWrites: this.counters.statusWrites,
      lastError: this.counters.lastError,
      types: Object.fromEntries(
        this.reflectors.map((r) => [
          typeName(r.type),
          { synced: r.reflector.synced, version: r.reflector.version, installed: r.installed },
        ]),
      ),
    };
  }

  /** Writes the statuses of a ResourceSyncResult to the objects that still exist. */
  async onResult(result: ResourceSyncResult): Promise<void> {
    this.counters.lastResultAt = new Date().toISOString();
    const byKey = new Map(this.objects().map(({ obj, type }) => [keyOfObject(obj), { obj, type }]));
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    for (const answer of result.resources) {
      const found = byKey.get(objectKey(answer));
      if (!found) continue; // deleted meanwhile
      const status = nextStatus(found.obj, answer, now);
      if (!status) continue;
      await this.writeStatus(found.type, found.obj, status).catch((err: unknown) => {
        // The next resync's result tries again, against the object's newer version.
        this.counters.lastError = `status of ${objectKey(answer)}: ${errorText(err)}`;
        this.log.warn("could not write a custom resource's status", { error: this.counters.lastError });
      });
    }
  }

  private async list(entry: { type: WatchedType; installed: boolean }) {
    const { group, version, plural, kind } = entry.type;
    try {
      const list = (await this.api.listClusterCustomObject({ group, version, plural })) as {
        items: CustomObject[];
        metadata?: { resourceVersion?: string };
      };
      entry.installed = true;
      // Items of a list may omit apiVersion and kind; the watch's objects carry them.
      const items = list.items.map((o) => ({ apiVersion: `${group}/${version}`, kind, ...o }));
      return {
        items: items as (CustomObject & { metadata: NonNullable<CustomObject["metadata"]> })[],
        metadata: list.metadata,
      };
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
      if (entry.installed)
        this.log.info(`no ${typeName(entry.type)} CRD in the cluster; syncing none of them`);
      entry.installed = false;
      return { items: [], metadata: {} };
    }
  }

  private objects(): { obj: CustomObject; type: WatchedType }[] {
    return this.reflectors.flatMap((r) => r.reflector.items().map((obj) => ({ obj, type: r.type })));
  }

  private allListed(): boolean {
    return this.reflectors.every((r) => r.reflector.synced);
  }

  private schedule(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.send(false);
    }, this.opts.debounceMs);
  }

  /** Sends the whole set when it changed (or always, with `force`), once every type is listed. */
  private send(force: boolean): void {
    if (!this.allListed()) return;
    const objects = this.objects()
      .map(({ obj }) => obj)
      .sort((a, b) => keyOfObject(a).localeCompare(keyOfObject(b)));
    const resources = objects.map(clusterResource);
    const payload = JSON.stringify(
      resources.map((r) => [Buffer.from(r.document as Buffer).toString(), r.generation]),
    );
    if (!force && payload === this.lastSent) return;
    const syncId = this.syncId + 1;
    if (!this.upstream.send({ resourceSync: { syncId, resources } })) return; // onConnected sends it
    this.syncId = syncId;
    this.lastSent = payload;
    this.log.debug("resource sync sent", { syncId, resources: resources.length });
  }

  private async writeStatus(type: WatchedType, obj: CustomObject, status: Record<string, unknown>) {
    const { group, version, plural } = type;
    const name = obj.metadata?.name ?? "";
    // The test makes the write conditional on the version the status was computed from.
    const body = [
      { op: "test", path: "/metadata/resourceVersion", value: obj.metadata?.resourceVersion },
      { op: "add", path: "/status", value: status },
    ];
    const namespace = obj.metadata?.namespace;
    if (namespace)
      await this.api.patchNamespacedCustomObjectStatus({ group, version, plural, namespace, name, body });
    else await this.api.patchClusterCustomObjectStatus({ group, version, plural, name, body });
    this.counters.statusWrites++;
  }
}
