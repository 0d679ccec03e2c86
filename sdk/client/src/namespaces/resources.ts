import type { MeshResource, ResourceKind, resourceSpecSchemas } from "@trellis/protocol/resources";
import { type Operation, operations } from "../operations.ts";
import { checkOptions, iterateOptionKeys, pageOptionKeys, requestOptionKeys } from "../options.ts";
import {
  asPage,
  type IterateOptions,
  type Page,
  type PageOptions,
  pageQuery,
  paginated,
} from "../pagination.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import { parseWarnings } from "../warnings.ts";
import { etagOf, type IfMatchOptions, type WithEtag } from "./base.ts";

/** The spec of a resource kind as you may write it (defaults may be left out). */
export type ResourceSpecInput<K extends ResourceKind> = (typeof resourceSpecSchemas)[K]["_zod"]["input"];

/**
 * A document as `trellis apply` takes it: Trellis' own (`apiVersion: trellis.dev/v1`, the
 * default) or a Gateway API HTTPRoute/GRPCRoute unchanged (`gateway.networking.k8s.io/v1`).
 */
export interface ResourceDocumentInput<K extends ResourceKind = ResourceKind> {
  apiVersion?: string;
  kind: K;
  metadata: {
    name: string;
    /** Default `default`; references without a namespace resolve in it. */
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: ResourceSpecInput<K>;
}

/** Which namespace a call addresses; `default` when omitted. */
export interface NamespaceOption {
  namespace?: string;
}

/** Options of `resources(mesh).put` and `apply`. */
export interface PutResourceOptions extends IfMatchOptions, NamespaceOption {
  /** `"*"`: create only; fails with `PreconditionFailedError` if the resource exists. */
  ifNoneMatch?: "*";
  /** Validate on the server and answer as if written; nothing changes (`?dryRun=All`). */
  dryRun?: boolean;
}

/** The answer to a put: the stored resource, its ETag, and whether it was created. */
export type PutResourceResult = WithEtag<MeshResource> & {
  /** True when the put created the resource, false when it replaced (or left unchanged) it. */
  created: boolean;
  /** What the server left out because it is not for a mesh (e.g. a Gateway parentRef). */
  warnings: string[];
};

/** Narrows a listing to one namespace (every namespace when omitted). */
export interface ResourceFilter {
  namespace?: string;
}

const namespaceKey = ["namespace"] as const;
const writeKeys = [...requestOptionKeys, ...namespaceKey, "ifMatch", "ifNoneMatch", "dryRun"];

/**
 * The configuration resources of one mesh (routes, policies, settings), addressed by kind,
 * namespace and name. One calling convention throughout: what identifies the resources
 * comes first, positionally (`kind`, `name`), and options last — `get("HTTPRoute", "web",
 * { namespace })`, `list("HTTPRoute", { limit })`, `listAll()` for every kind. Writes are
 * validated by the server exactly as `trellis apply` validates them: an unknown field is a
 * `ValidationError` naming its JSON pointer.
 */
export class ResourcesNamespace {
  /** @internal */
  constructor(
    private readonly t: Transport,
    private readonly mesh: string,
  ) {}

  /** The operation and path parameters of one resource (the default namespace keeps the short URL). */
  private at(
    which: "put" | "get" | "delete",
    kind: string,
    name: string,
    namespace: string | undefined,
  ): { op: Operation; params: Record<string, string> } {
    const ops: Record<typeof which, [Operation, Operation]> = {
      put: [operations.putResource, operations.putNamespacedResource],
      get: [operations.getResource, operations.getNamespacedResource],
      delete: [operations.deleteResource, operations.deleteNamespacedResource],
    };
    const [plain, namespaced] = ops[which];
    return namespace === undefined || namespace === "default"
      ? { op: plain, params: { mesh: this.mesh, kind, name } }
      : { op: namespaced, params: { mesh: this.mesh, kind, name, namespace } };
  }

  /** Gets one resource with its ETag (`"g<generation>"`) and its status conditions. */
  async get(
    kind: ResourceKind,
    name: string,
    options: RequestOptions & NamespaceOption = {},
  ): Promise<WithEtag<MeshResource>> {
    checkOptions("resources.get", options, [...requestOptionKeys, ...namespaceKey]);
    const { op, params } = this.at("get", kind, name, options.namespace);
    const res = await this.t.call<MeshResource>(op, {
      params,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { ...res.body, etag: etagOf(res.headers) };
  }

  /**
   * Creates or replaces a resource's spec (its labels and annotations stay as stored). An
   * unchanged spec changes nothing (apply is idempotent). With `ifMatch`, replaces only the
   * version you read; with `ifNoneMatch: "*"`, creates only.
   */
  put<K extends ResourceKind>(
    kind: K,
    name: string,
    spec: ResourceSpecInput<K>,
    options: PutResourceOptions = {},
  ): Promise<PutResourceResult> {
    return this.write("resources.put", kind, name, options.namespace, { spec }, options);
  }

  /**
   * Creates or replaces a resource from a whole document, exactly as `trellis apply` does:
   * Trellis' own or a Gateway API HTTPRoute/GRPCRoute, unchanged. Its namespace, labels and
   * annotations are kept; a Gateway parentRef is left out (see `warnings`). A Gateway or
   * GatewayClass is not a mesh resource: the server refuses it (`ValidationError`).
   */
  apply<K extends ResourceKind>(
    document: ResourceDocumentInput<K>,
    options: Omit<PutResourceOptions, "namespace"> = {},
  ): Promise<PutResourceResult> {
    const { kind, metadata } = document;
    return this.write("resources.apply", kind, metadata.name, metadata.namespace, document, options);
  }

  private async write(
    method: string,
    kind: ResourceKind,
    name: string,
    namespace: string | undefined,
    body: unknown,
    options: PutResourceOptions,
  ): Promise<PutResourceResult> {
    try {
      checkOptions(method, options, writeKeys);
    } catch (err) {
      return Promise.reject(err);
    }
    const { op, params } = this.at("put", kind, name, namespace);
    const res = await this.t.call<MeshResource>(op, {
      params,
      body,
      query: { dryRun: options.dryRun ? "All" : undefined },
      headers: { "if-match": options.ifMatch, "if-none-match": options.ifNoneMatch },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return {
      ...res.body,
      etag: etagOf(res.headers),
      created: res.status === 201,
      warnings: parseWarnings(res.headers.get("warning")),
    };
  }

  /** Creates a resource that must not exist yet (`If-None-Match: *`). */
  create<K extends ResourceKind>(
    kind: K,
    name: string,
    spec: ResourceSpecInput<K>,
    options: RequestOptions & NamespaceOption = {},
  ): Promise<PutResourceResult> {
    try {
      checkOptions("resources.create", options, [...requestOptionKeys, ...namespaceKey]);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.put(kind, name, spec, { ...options, ifNoneMatch: "*" });
  }

  /** Deletes a resource; with `ifMatch`, only the version you read. */
  async delete(
    kind: ResourceKind,
    name: string,
    options: IfMatchOptions & NamespaceOption = {},
  ): Promise<void> {
    checkOptions("resources.delete", options, [...requestOptionKeys, ...namespaceKey, "ifMatch"]);
    const { op, params } = this.at("delete", kind, name, options.namespace);
    await this.t.call(op, {
      params,
      headers: { "if-match": options.ifMatch },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /**
   * One page of resources of one kind — `list("HTTPRoute", { limit })` — or of all kinds:
   * `list({ limit })`; `namespace` narrows it to one namespace.
   */
  list(kind?: ResourceKind, options?: PageOptions & ResourceFilter): Promise<Page<MeshResource>>;
  list(options?: PageOptions & ResourceFilter): Promise<Page<MeshResource>>;
  async list(...args: ListArgs<PageOptions & ResourceFilter>): Promise<Page<MeshResource>> {
    const { kind, options } = listArgs("resources.list", args, [...pageOptionKeys, ...namespaceKey]);
    const op = kind ? operations.listResourcesOfKind : operations.listResources;
    const res = await this.t.call<Page<MeshResource>>(op, {
      params: { mesh: this.mesh, ...(kind ? { kind } : {}) },
      query: { ...pageQuery(options), namespace: options.namespace },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return asPage(res.body);
  }

  /** Every resource of one kind (or of all kinds), fetching pages as the loop goes. */
  iterate(kind?: ResourceKind, options?: IterateOptions & ResourceFilter): AsyncIterable<MeshResource>;
  iterate(options?: IterateOptions & ResourceFilter): AsyncIterable<MeshResource>;
  iterate(...args: ListArgs<IterateOptions & ResourceFilter>): AsyncIterable<MeshResource> {
    const { kind, options } = listArgs("resources.iterate", args, [...iterateOptionKeys, ...namespaceKey]);
    return paginated<MeshResource>((o) => this.list(kind, { ...o, ...pick(options) })).iterate(options);
  }

  /** Every resource of one kind (or of all kinds), collected into an array. */
  listAll(kind?: ResourceKind, options?: IterateOptions & ResourceFilter): Promise<MeshResource[]>;
  listAll(options?: IterateOptions & ResourceFilter): Promise<MeshResource[]>;
  listAll(...args: ListArgs<IterateOptions & ResourceFilter>): Promise<MeshResource[]> {
    try {
      const { kind, options } = listArgs("resources.listAll", args, [...iterateOptionKeys, ...namespaceKey]);
      return paginated<MeshResource>((o) => this.list(kind, { ...o, ...pick(options) })).listAll(options);
    } catch (err) {
      return Promise.reject(err);
    }
  }
}

const pick = (o: ResourceFilter): ResourceFilter => (o.namespace ? { namespace: o.namespace } : {});

type ListArgs<O> = [kind?: ResourceKind | O, options?: O];

/**
 * `(kind?, options?)` or `(options?)`. A kind that is not a string is refused, and so is an
 * options object with a key the method does not take — `list({ kind: "HTTPRoute" })` from an
 * untyped caller used to list every kind without a word.
 */
function listArgs<O extends object>(
  method: string,
  args: ListArgs<O>,
  allowed: readonly string[],
): { kind: ResourceKind | undefined; options: O } {
  const [first, second] = args;
  if (typeof first === "string" || first === undefined || first === null) {
    if ((first as string) === "") throw new TypeError(`${method}: the kind must not be empty`);
    return { kind: first ?? undefined, options: checkOptions(method, second, allowed) };
  }
  if (second !== undefined)
    throw new TypeError(
      `${method}: the kind comes first, e.g. ${method.split(".")[1]}("HTTPRoute", options)`,
    );
  if ("kind" in first)
    throw new TypeError(
      `${method}: the kind is the first argument, not an option: ${method.split(".")[1]}("${String((first as { kind: unknown }).kind)}")`,
    );
  return { kind: undefined, options: checkOptions(method, first, allowed) };
}
