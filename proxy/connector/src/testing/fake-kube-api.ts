import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isDeepStrictEqual } from "node:util";
import { KubeConfig } from "@kubernetes/client-node";
import { jsonPatch, mergePatch } from "./fake-kube/json-patch.ts";
import {
  apiVersionOf,
  builtinTypes,
  type ResourceType,
  resolvePath,
  type Target,
  typeKey,
  typeOfCrd,
} from "./fake-kube/resource-types.ts";

/**
 * A fake Kubernetes API server (node:http on 127.0.0.1) speaking the real protocol for
 * Services, EndpointSlices, MutatingWebhookConfigurations and any custom resource whose
 * CRD a test installs: lists carry the collection resourceVersion; `?watch=true&
 * resourceVersion=N` replays what happened after N and then streams newline-delimited
 * JSON events (ADDED/MODIFIED/DELETED, BOOKMARK when `allowWatchBookmarks=true`); a version
 * older than the compaction floor answers an ERROR event with a 410 "too old resource
 * version" Status and closes, as the API server's watch cache does. Objects are created
 * (POST), read, replaced (PUT), patched (merge or JSON patch) and deleted as kubectl does;
 * `metadata.generation` moves only with the spec, and a type with a status subresource
 * takes status only through `/status`. An unknown type answers 404 (a CRD not installed).
 * Tests can also drop watch connections and make changes no watch sees.
 */

/** The key of a type: `services`, `endpointslices`, else `<plural>.<group>` (e.g. `httproutes.trellis.dev`). */
export type FakeKind = string;
type Obj = {
  metadata: { name: string; namespace?: string; resourceVersion?: string } & Record<string, unknown>;
} & Record<string, unknown>;
type Event = { rv: number; type: "ADDED" | "MODIFIED" | "DELETED"; object: Obj };
type Watcher = { kind: FakeKind; namespace: string | null; res: ServerResponse; bookmarks: boolean };
type Answer = { code: number; body: unknown };

export class FakeKubeApi {
  /** Every request, for assertions ("did it re-list?", "which version did it watch from?"). */
  readonly requests: {
    kind: FakeKind | null;
    method: string;
    watch: boolean;
    resourceVersion: string;
    bookmarks: boolean;
    name: string | null;
    status: boolean;
  }[] = [];
  private rv = 1000;
  private floor = 0;
  private readonly types: ResourceType[] = [...builtinTypes];
  private readonly stores = new Map<FakeKind, Map<string, Obj>>();
  private readonly history = new Map<FakeKind, Event[]>();
  private readonly watchers = new Set<Watcher>();
  /** Answers forced for the next requests of a kind (e.g. a 403 for RBAC, a 500). */
  private readonly failures = new Map<FakeKind, Answer>();
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

  /** Serves the types of these CustomResourceDefinitions (as `kubectl apply -f crds.yaml` would). */
  installCrds(crds: readonly Parameters<typeof typeOfCrd>[0][]): void {
    for (const crd of crds) {
      const t = typeOfCrd(crd);
      if (!this.types.some((x) => typeKey(x) === typeKey(t))) this.types.push(t);
    }
  }

  /** Stops serving a type and forgets its objects, as deleting its CRD does. */
  uninstallCrd(kind: FakeKind): void {
    const i = this.types.findIndex((t) => typeKey(t) === kind);
    if (i >= 0) this.types.splice(i, 1);
    for (const w of [...this.watchers]) if (w.kind === kind) w.res.socket?.destroy();
    this.stores.delete(kind);
    this.history.delete(kind);
  }

  /** Answers every request for `kind` with this status until `fail(kind, null)`. */
  fail(kind: FakeKind, answer: { code: number; reason: string } | null): void {
    if (!answer) this.failures.delete(kind);
    else
      this.failures.set(kind, {
        code: answer.code,
        body: statusBody(answer.code, answer.reason, answer.reason),
      });
  }

  /** The stored object, as a GET would answer it. */
  get(kind: FakeKind, namespace: string, name: string): Obj | undefined {
    return this.store(kind).get(`${namespace}/${name}`);
  }

  list(kind: FakeKind): Obj[] {
    return [...this.store(kind).values()];
  }

  /** Creates or replaces an object as given (status included); `silent` tells no watch. */
  upsert(kind: FakeKind, obj: Obj, opts: { silent?: boolean } = {}): Obj {
    const type = this.typeOf(kind);
    const key = `${obj.metadata.namespace ?? ""}/${obj.metadata.name}`;
    const old = this.store(kind).get(key);
    const generation = old
      ? Number(old.metadata.generation ?? 1) + (isDeepStrictEqual(old.spec, obj.spec) ? 0 : 1)
      : 1;
    const stored: Obj = {
      apiVersion: apiVersionOf(type),
      kind: type.kind,
      ...obj,
      metadata: {
        uid: old?.metadata.uid ?? randomUUID(),
        creationTimestamp: old?.metadata.creationTimestamp ?? new Date().toISOString(),
        ...obj.metadata,
        generation,
        resourceVersion: String(++this.rv),
      },
    };
    this.store(kind).set(key, stored);
    this.record(kind, { rv: this.rv, type: old ? "MODIFIED" : "ADDED", object: stored }, opts.silent);
    return stored;
  }

  remove(kind: FakeKind, namespace: string, name: string, opts: { silent?: boolean } = {}): void {
    const key = `${namespace}/${name}`;
    const old = this.store(kind).get(key);
    if (!old) return;
    this.store(kind).delete(key);
    const object = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } };
    this.record(kind, { rv: this.rv, type: "DELETED", object }, opts.silent);
  }

  /** Sends a BOOKMARK at the current version to watches that asked for bookmarks. */
  bookmark(): void {
    for (const w of this.watchers) {
      if (!w.bookmarks) continue;
      const type = this.typeOf(w.kind);
      this.write(w.res, {
        type: "BOOKMARK",
        object: {
          apiVersion: apiVersionOf(type),
          kind: type.kind,
          metadata: { resourceVersion: String(this.rv) },
        },
      });
    }
  }

  /** Forgets history: watching from any version before now answers 410 Gone. */
  compact(): void {
    this.floor = this.rv;
    this.history.clear();
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
    return this.requests.filter(
      (r) => r.kind === kind && r.method === "GET" && !r.name && r.watch === (what === "watch"),
    ).length;
  }

  async close(): Promise<void> {
    this.dropWatches();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private typeOf(kind: FakeKind): ResourceType {
    const t = this.types.find((x) => typeKey(x) === kind);
    if (!t) throw new Error(`the fake API server serves no ${kind} (install its CRD first)`);
    return t;
  }

  private store(kind: FakeKind): Map<string, Obj> {
    const s = this.stores.get(kind) ?? new Map<string, Obj>();
    this.stores.set(kind, s);
    return s;
  }

  private record(kind: FakeKind, event: Event, silent = false): void {
    if (silent) return;
    const h = this.history.get(kind) ?? [];
    this.history.set(kind, h);
    h.push(event);
    for (const w of this.watchers)
      if (w.kind === kind && (w.namespace === null || w.namespace === event.object.metadata.namespace))
        this.write(w.res, { type: event.type, object: event.object });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://fake");
    const target = resolvePath(this.types, url.pathname);
    const kind = target ? typeKey(target.type) : null;
    const watch = url.searchParams.get("watch") === "true";
    this.requests.push({
      kind,
      method: req.method ?? "GET",
      watch,
      resourceVersion: url.searchParams.get("resourceVersion") ?? "",
      bookmarks: url.searchParams.get("allowWatchBookmarks") === "true",
      name: target?.name ?? null,
      status: target?.status ?? false,
    });
    const reply = (a: Answer) => {
      res.writeHead(a.code, { "content-type": "application/json" });
      res.end(JSON.stringify(a.body));
    };
    if (!target || !kind) {
      reply({
        code: 404,
        body: statusBody(404, "NotFound", "the server could not find the requested resource"),
      });
      return;
    }
    const failure = this.failures.get(kind);
    if (failure) {
      reply(failure);
      return;
    }
    if (req.method === "GET" && !target.name) {
      if (watch) this.watch(res, kind, target.namespace, url);
      else reply(this.listAnswer(target));
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        const text = Buffer.concat(chunks).toString("utf8");
        reply(
          this.write1(
            req.method ?? "GET",
            target,
            kind,
            text ? JSON.parse(text) : undefined,
            req.headers["content-type"] ?? "",
          ),
        );
      } catch (err) {
        reply({ code: 400, body: statusBody(400, "BadRequest", (err as Error).message) });
      }
    });
  }

  private listAnswer(target: Target): Answer {
    const items = [...this.store(typeKey(target.type)).values()].filter(
      (o) => target.namespace === null || o.metadata.namespace === target.namespace,
    );
    return {
      code: 200,
      body: {
        apiVersion: apiVersionOf(target.type),
        kind: `${target.type.kind}List`,
        metadata: { resourceVersion: String(this.rv) },
        items,
      },
    };
  }

  /** GET/POST/PUT/PATCH/DELETE of one object (or its status). */
  private write1(method: string, target: Target, kind: FakeKind, body: unknown, contentType: string): Answer {
    const ns = target.namespace ?? "";
    if (method === "POST" && !target.name) return this.create(kind, target, body as Obj);
    const key = `${ns}/${target.name}`;
    const current = this.store(kind).get(key);
    const what = `${target.type.plural}.${target.type.group || "core"} "${target.name}"`;
    if (!current) return { code: 404, body: statusBody(404, "NotFound", `${what} not found`) };
    if (method === "GET") return { code: 200, body: current };
    if (method === "DELETE") {
      this.remove(kind, ns, target.name!);
      return { code: 200, body: statusBody(200, "", `${what} deleted`, "Success") };
    }
    let next: Obj;
    if (method === "PUT") next = body as Obj;
    else if (method === "PATCH")
      next = (
        contentType.includes("json-patch") ? jsonPatch(current, body) : mergePatch(current, body)
      ) as Obj;
    else return { code: 405, body: statusBody(405, "MethodNotAllowed", `${method} is not supported`) };
    const expected = (body as Obj | undefined)?.metadata?.resourceVersion;
    if (method !== "PATCH" || !contentType.includes("json-patch"))
      if (expected && expected !== current.metadata.resourceVersion)
        return {
          code: 409,
          body: statusBody(
            409,
            "Conflict",
            `Operation cannot be fulfilled on ${what}: the object has been modified; please apply your changes to the latest version and try again`,
          ),
        };
    const sub = target.type.statusSubresource;
    const merged: Obj = target.status
      ? { ...current, status: next.status }
      : sub
        ? { ...next, status: current.status }
        : next;
    merged.metadata = {
      ...next.metadata,
      ...pick(current.metadata, ["uid", "creationTimestamp", "name", "namespace"]),
    };
    if (target.status) merged.spec = current.spec;
    return { code: 200, body: this.upsert(kind, merged) };
  }

  private create(kind: FakeKind, target: Target, obj: Obj): Answer {
    const ns = target.namespace ?? "";
    const name = obj?.metadata?.name;
    if (!name) return { code: 422, body: statusBody(422, "Invalid", "metadata.name: Required value") };
    if (this.store(kind).has(`${ns}/${name}`))
      return {
        code: 409,
        body: statusBody(
          409,
          "AlreadyExists",
          `${target.type.plural}.${target.type.group} "${name}" already exists`,
        ),
      };
    const { status: _status, ...rest } = obj;
    const created = target.type.statusSubresource ? rest : obj;
    const metadata = { ...obj.metadata, ...(target.type.namespaced ? { namespace: ns } : {}) };
    return { code: 201, body: this.upsert(kind, { ...created, metadata } as Obj) };
  }

  private watch(res: ServerResponse, kind: FakeKind, namespace: string | null, url: URL): void {
    const resourceVersion = url.searchParams.get("resourceVersion") ?? "";
    const bookmarks = url.searchParams.get("allowWatchBookmarks") === "true";
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    res.flushHeaders();
    const from = Number(resourceVersion || 0);
    if (resourceVersion && resourceVersion !== "0" && from < this.floor) {
      this.gone(res);
      return;
    }
    const inScope = (o: Obj) => namespace === null || o.metadata.namespace === namespace;
    if (!resourceVersion || resourceVersion === "0") {
      // "Any version": synthetic ADDED for the current state, as the API server does.
      for (const object of this.store(kind).values())
        if (inScope(object)) this.write(res, { type: "ADDED", object });
    } else {
      for (const e of this.history.get(kind) ?? [])
        if (e.rv > from && inScope(e.object)) this.write(res, { type: e.type, object: e.object });
    }
    const watcher: Watcher = { kind, namespace, res, bookmarks };
    this.watchers.add(watcher);
    res.on("close", () => this.watchers.delete(watcher));
  }

  private gone(res: ServerResponse): void {
    this.write(res, { type: "ERROR", object: statusBody(410, "Expired", "too old resource version") });
    res.end();
    for (const w of this.watchers) if (w.res === res) this.watchers.delete(w);
  }

  private write(res: ServerResponse, event: unknown): void {
    if (!res.writableEnded) res.write(`${JSON.stringify(event)}\n`);
  }
}

function statusBody(code: number, reason: string, message: string, status = "Failure") {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status, message, reason, code };
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** A Service as the API returns it (only what discovery reads, plus a selector). */
export function kubeService(
  namespace: string,
  name: string,
  ports: { port: number; name?: string; appProtocol?: string; protocol?: string }[],
  annotations: Record<string, string> = {},
  clusterIP?: string,
): Obj {
  return {
    metadata: { name, namespace, annotations },
    spec: {
      type: "ClusterIP",
      selector: { app: name },
      ...(clusterIP ? { clusterIP, clusterIPs: [clusterIP] } : {}),
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
