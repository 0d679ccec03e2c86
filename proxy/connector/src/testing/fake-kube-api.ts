import { writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";

/**
 * A fake Kubernetes API server (node:http on 127.0.0.1) for Services and EndpointSlices,
 * speaking the real list/watch protocol: lists carry the collection resourceVersion;
 * `?watch=true&resourceVersion=N` replays what happened after N and then streams
 * newline-delimited JSON events (ADDED/MODIFIED/DELETED, BOOKMARK when
 * `allowWatchBookmarks=true`); a version older than the compaction floor answers an
 * ERROR event with a 410 "too old resource version" Status and closes, as the API
 * server's watch cache does. Tests can also drop watch connections and make changes no
 * watch sees (events "lost" across a compaction).
 */

export type FakeKind = "services" | "endpointslices";
type Obj = {
  metadata: { name: string; namespace: string; resourceVersion?: string } & Record<string, unknown>;
} & Record<string, unknown>;
type Event = { rv: number; type: "ADDED" | "MODIFIED" | "DELETED"; object: Obj };
type Watcher = { kind: FakeKind; res: ServerResponse; bookmarks: boolean };

const paths: Record<FakeKind, string> = {
  services: "/api/v1/services",
  endpointslices: "/apis/discovery.k8s.io/v1/endpointslices",
};
const kinds: Record<FakeKind, { apiVersion: string; kind: string }> = {
  services: { apiVersion: "v1", kind: "Service" },
  endpointslices: { apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice" },
};

export class FakeKubeApi {
  /** Every request, for assertions ("did it re-list?", "which version did it watch from?"). */
  readonly requests: {
    kind: FakeKind | null;
    watch: boolean;
    resourceVersion: string;
    bookmarks: boolean;
  }[] = [];
  private rv = 1000;
  private floor = 0;
  private readonly stores: Record<FakeKind, Map<string, Obj>> = {
    services: new Map(),
    endpointslices: new Map(),
  };
  private readonly history: Record<FakeKind, Event[]> = { services: [], endpointslices: [] };
  private readonly watchers = new Set<Watcher>();
  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeKubeApi> {
    let fake: FakeKubeApi | null = null;
    const server = createServer((req, res) => fake!.handle(req, res));
    fake = new FakeKubeApi(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "fake", server: this.url, skipTLSVerify: true }],
      users: [{ name: "fake", token: "fake-token" }],
      contexts: [{ name: "fake", cluster: "fake", user: "fake" }],
      currentContext: "fake",
    });
    return kc;
  }

  /** A kubeconfig file for the bin (`--kubeconfig`). */
  async writeKubeconfig(path: string): Promise<void> {
    await writeFile(path, this.kubeConfig().exportConfig());
  }

  /** Creates or replaces an object; `silent` changes state without telling any watch. */
  upsert(kind: FakeKind, obj: Obj, opts: { silent?: boolean } = {}): void {
    const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
    const type = this.stores[kind].has(key) ? "MODIFIED" : "ADDED";
    const stored = {
      ...kinds[kind],
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: String(++this.rv) },
    };
    this.stores[kind].set(key, stored);
    this.record(kind, { rv: this.rv, type, object: stored }, opts.silent);
  }

  remove(kind: FakeKind, namespace: string, name: string, opts: { silent?: boolean } = {}): void {
    const key = `${namespace}/${name}`;
    const old = this.stores[kind].get(key);
    if (!old) return;
    this.stores[kind].delete(key);
    const object = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } };
    this.record(kind, { rv: this.rv, type: "DELETED", object }, opts.silent);
  }

  /** Sends a BOOKMARK at the current version to watches that asked for bookmarks. */
  bookmark(): void {
    for (const w of this.watchers) {
      if (!w.bookmarks) continue;
      this.write(w.res, {
        type: "BOOKMARK",
        object: { ...kinds[w.kind], metadata: { resourceVersion: String(this.rv) } },
      });
    }
  }

  /** Forgets history: watching from any version before now answers 410 Gone. */
  compact(): void {
    this.floor = this.rv;
    this.history.services = [];
    this.history.endpointslices = [];
  }

  /** Tells every open watch its version expired (ERROR 410) and closes it. */
  expireWatches(): void {
    for (const w of [...this.watchers]) this.gone(w.res);
  }

  /** Cuts every watch connection without a word (network drop, API server restart). */
  dropWatches(): void {
    for (const w of [...this.watchers]) w.res.socket?.destroy();
    this.watchers.clear();
  }

  count(kind: FakeKind, what: "list" | "watch"): number {
    return this.requests.filter((r) => r.kind === kind && r.watch === (what === "watch")).length;
  }

  async close(): Promise<void> {
    this.dropWatches();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(kind: FakeKind, event: Event, silent = false): void {
    if (silent) return;
    this.history[kind].push(event);
    for (const w of this.watchers)
      if (w.kind === kind) this.write(w.res, { type: event.type, object: event.object });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://fake");
    const kind = (Object.keys(paths) as FakeKind[]).find((k) => paths[k] === url.pathname) ?? null;
    const watch = url.searchParams.get("watch") === "true";
    const resourceVersion = url.searchParams.get("resourceVersion") ?? "";
    const bookmarks = url.searchParams.get("allowWatchBookmarks") === "true";
    this.requests.push({ kind, watch, resourceVersion, bookmarks });
    if (!kind || req.method !== "GET") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          kind: "Status",
          apiVersion: "v1",
          status: "Failure",
          code: 404,
          reason: "NotFound",
        }),
      );
      return;
    }
    if (!watch) {
      const items = [...this.stores[kind].values()];
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          apiVersion: kinds[kind].apiVersion,
          kind: `${kinds[kind].kind}List`,
          metadata: { resourceVersion: String(this.rv) },
          items,
        }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    res.flushHeaders();
    const from = Number(resourceVersion || 0);
    if (resourceVersion && resourceVersion !== "0" && from < this.floor) {
      this.gone(res);
      return;
    }
    if (!resourceVersion || resourceVersion === "0") {
      // "Any version": synthetic ADDED for the current state, as the API server does.
      for (const object of this.stores[kind].values()) this.write(res, { type: "ADDED", object });
    } else {
      for (const e of this.history[kind])
        if (e.rv > from) this.write(res, { type: e.type, object: e.object });
    }
    const watcher: Watcher = { kind, res, bookmarks };
    this.watchers.add(watcher);
    res.on("close", () => this.watchers.delete(watcher));
  }

  private gone(res: ServerResponse): void {
    this.write(res, {
      type: "ERROR",
      object: {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: "too old resource version",
        reason: "Expired",
        code: 410,
      },
    });
    res.end();
    for (const w of this.watchers) if (w.res === res) this.watchers.delete(w);
  }

  private write(res: ServerResponse, event: unknown): void {
    if (!res.writableEnded) res.write(`${JSON.stringify(event)}\n`);
  }
}

/** A Service as the API returns it (only what discovery reads, plus a selector). */
export function kubeService(
  namespace: string,
  name: string,
  ports: { port: number; name?: string; appProtocol?: string; protocol?: string }[],
  annotations: Record<string, string> = {},
): Obj {
  return {
    metadata: { name, namespace, annotations },
    spec: {
      type: "ClusterIP",
      selector: { app: name },
      ports: ports.map((p) => ({ protocol: "TCP", ...p })),
    },
  };
}

/** An EndpointSlice of a service; endpoints are [address, podName, ready?]. */
export function kubeEndpointSlice(
  namespace: string,
  service: string,
  sliceName: string,
  endpoints: [string, string, boolean?][],
): Obj {
  return {
    metadata: { name: sliceName, namespace, labels: { "kubernetes.io/service-name": service } },
    addressType: "IPv4",
    endpoints: endpoints.map(([address, pod, ready]) => ({
      addresses: [address],
      conditions: { ready: ready ?? true },
      targetRef: { kind: "Pod", name: pod, namespace },
    })),
    ports: [{ name: "", port: 8080, protocol: "TCP" }],
  };
}
