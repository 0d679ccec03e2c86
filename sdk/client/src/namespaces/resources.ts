import type { MeshResource, ResourceKind, resourceSpecSchemas } from "@trellis/protocol/resources";
import { operations } from "../operations.ts";
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

/** Filters of a resource listing. */
export interface ResourceFilter {
  /** Only this kind (e.g. `HTTPRoute`); all kinds when omitted. */
  kind?: ResourceKind;
}

/**
 * The configuration resources of one mesh (routes, policies, settings), addressed by kind
 * and name. Writes are validated by the server exactly as `trellis apply` validates them.
 */
export class ResourcesNamespace {
  /** @internal */
  constructor(
    private readonly t: Transport,
    private readonly mesh: string,
  ) {}

  /** Gets one resource with its ETag (`"g<generation>"`). */
  async get(kind: ResourceKind, name: string, options: RequestOptions = {}): Promise<WithEtag<MeshResource>> {
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
    return this.put(kind, name, spec, { ...options, ifNoneMatch: "*" });
  }

  /** Deletes a resource; with `ifMatch`, only the version you read. */
  async delete(kind: ResourceKind, name: string, options: IfMatchOptions = {}): Promise<void> {
    await this.t.call(operations.deleteResource, {
      params: { mesh: this.mesh, kind, name },
      headers: { "if-match": options.ifMatch },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** One page of resources, of one kind or all kinds. */
  async list(options: PageOptions & ResourceFilter = {}): Promise<Page<MeshResource>> {
    const op = options.kind ? operations.listResourcesOfKind : operations.listResources;
    const params: Record<string, string> = {
      mesh: this.mesh,
      ...(options.kind ? { kind: options.kind } : {}),
    };
    const res = await this.t.call<Page<MeshResource>>(op, {
      params,
      query: pageQuery(options),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return asPage(res.body);
  }

  /** Every resource (of one kind, or all), fetching pages as the loop goes. */
  iterate(options: IterateOptions & ResourceFilter = {}): AsyncIterable<MeshResource> {
    return paginated<MeshResource>((o) => this.list({ ...o, ...pick(options) })).iterate(options);
  }

  /** Every resource (of one kind, or all), collected into an array. */
  listAll(options: IterateOptions & ResourceFilter = {}): Promise<MeshResource[]> {
    return paginated<MeshResource>((o) => this.list({ ...o, ...pick(options) })).listAll(options);
  }
}

const pick = (o: ResourceFilter): ResourceFilter => (o.kind ? { kind: o.kind } : {});
