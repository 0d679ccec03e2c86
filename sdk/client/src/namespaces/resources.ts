import type { MeshResource, ResourceKind, resourceSpecSchemas } from "@trellis/protocol/resources";
import { operations } from "../operations.ts";
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
import { etagOf, type IfMatchOptions, type WithEtag } from "./base.ts";

/** The spec of a resource kind as you may write it (defaults may be left out). */
export type ResourceSpecInput<K extends ResourceKind> = (typeof resourceSpecSchemas)[K]["_zod"]["input"];

/** Options of `resources(mesh).put`. */
export interface PutResourceOptions extends IfMatchOptions {
  /** `"*"`: create only; fails with `PreconditionFailedError` if the resource exists. */
  ifNoneMatch?: "*";
}

/** The answer to a put: the stored resource, its ETag, and whether it was created. */
export type PutResourceResult = WithEtag<MeshResource> & {
  /** True when the put created the resource, false when it replaced (or left unchanged) it. */
  created: boolean;
};

/** @deprecated The kind is the first argument of `list`/`iterate`/`listAll`, as of `get`. */
export interface ResourceFilter {
  kind?: ResourceKind;
}

/**
 * The configuration resources of one mesh (routes, policies, settings), addressed by kind
 * and name. One calling convention throughout: what identifies the resources comes first,
 * positionally (`kind`, `name`), and options last — `get("HTTPRoute", "web")`,
 * `list("HTTPRoute", { limit })`, `listAll()` for every kind. Writes are validated by the
 * server exactly as `trellis apply` validates them.
 */
export class ResourcesNamespace {
  /** @internal */
  constructor(
    private readonly t: Transport,
    private readonly mesh: string,
  ) {}

  /** Gets one resource with its ETag (`"g<generation>"`). */
  async get(kind: ResourceKind, name: string, options: RequestOptions = {}): Promise<WithEtag<MeshResource>> {
    checkOptions("resources.get", options, requestOptionKeys);
    const res = await this.t.call<MeshResource>(operations.getResource, {
      ...options,
      params: { mesh: this.mesh, kind, name },
    });
    return { ...res.body, etag: etagOf(res.headers) };
  }

  /**
   * Creates or replaces a resource. An unchanged spec changes nothing (apply is idempotent).
   * With `ifMatch`, replaces only the version you read; with `ifNoneMatch: "*"`, creates only.
   */
  async put<K extends ResourceKind>(
    kind: K,
    name: string,
    spec: ResourceSpecInput<K>,
    options: PutResourceOptions = {},
  ): Promise<PutResourceResult> {
    checkOptions("resources.put", options, [...requestOptionKeys, "ifMatch", "ifNoneMatch"]);
    const res = await this.t.call<MeshResource>(operations.putResource, {
      params: { mesh: this.mesh, kind, name },
      body: { spec },
      headers: { "if-match": options.ifMatch, "if-none-match": options.ifNoneMatch },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return {
      ...res.body,
      etag: etagOf(res.headers),
      created: res.status === 201,
    };
  }

  /** Creates a resource that must not exist yet (`If-None-Match: *`). */
  create<K extends ResourceKind>(
    kind: K,
    name: string,
    spec: ResourceSpecInput<K>,
    options: RequestOptions = {},
  ): Promise<PutResourceResult> {
    checkOptions("resources.create", options, requestOptionKeys);
    return this.put(kind, name, spec, { ...options, ifNoneMatch: "*" });
  }

  /** Deletes a resource; with `ifMatch`, only the version you read. */
  async delete(kind: ResourceKind, name: string, options: IfMatchOptions = {}): Promise<void> {
    checkOptions("resources.delete", options, [...requestOptionKeys, "ifMatch"]);
    await this.t.call(operations.deleteResource, {
      params: { mesh: this.mesh, kind, name },
      headers: { "if-match": options.ifMatch },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** One page of resources of one kind — `list("HTTPRoute", { limit })` — or of all kinds: `list({ limit })`. */
  list(kind?: ResourceKind, options?: PageOptions): Promise<Page<MeshResource>>;
  list(options?: PageOptions): Promise<Page<MeshResource>>;
  async list(...args: ListArgs<PageOptions>): Promise<Page<MeshResource>> {
    const { kind, options } = listArgs("resources.list", args, pageOptionKeys);
    const op = kind ? operations.listResourcesOfKind : operations.listResources;
    const res = await this.t.call<Page<MeshResource>>(op, {
      params: { mesh: this.mesh, ...(kind ? { kind } : {}) },
      query: pageQuery(options),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return asPage(res.body);
  }

  /** Every resource of one kind (or of all kinds), fetching pages as the loop goes. */
  iterate(kind?: ResourceKind, options?: IterateOptions): AsyncIterable<MeshResource>;
  iterate(options?: IterateOptions): AsyncIterable<MeshResource>;
  iterate(...args: ListArgs<IterateOptions>): AsyncIterable<MeshResource> {
    const { kind, options } = listArgs("resources.iterate", args, iterateOptionKeys);
    return paginated<MeshResource>((o) => this.list(kind, o)).iterate(options);
  }

  /** Every resource of one kind (or of all kinds), collected into an array. */
  listAll(kind?: ResourceKind, options?: IterateOptions): Promise<MeshResource[]>;
  listAll(options?: IterateOptions): Promise<MeshResource[]>;
  listAll(...args: ListArgs<IterateOptions>): Promise<MeshResource[]> {
    try {
      const { kind, options } = listArgs("resources.listAll", args, iterateOptionKeys);
      return paginated<MeshResource>((o) => this.list(kind, o)).listAll(options);
    } catch (err) {
      return Promise.reject(err);
    }
  }
}

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
