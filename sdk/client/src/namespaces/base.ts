import type { Operation } from "../operations.ts";
import { checkOptions, iterateOptionKeys, pageOptionKeys } from "../options.ts";
import {
  asPage,
  type IterateOptions,
  type Page,
  type PageOptions,
  pageQuery,
  paginated,
} from "../pagination.ts";
import type { Transport } from "../transport.ts";

/**
 * A namespace over a paginated collection: `list` one page, `iterate` every item lazily,
 * or `listAll` into an array. Subclasses name the list operation and its path parameters.
 */
export abstract class PaginatedNamespace<T> {
  /** @internal */
  protected readonly t: Transport;
  private readonly listOp: Operation;
  private readonly listParams: Record<string, string>;
  private readonly listFilter: Record<string, string | undefined>;

  /** @internal */
  constructor(
    t: Transport,
    listOp: Operation,
    listParams: Record<string, string> = {},
    listFilter: Record<string, string | undefined> = {},
  ) {
    this.t = t;
    this.listOp = listOp;
    this.listParams = listParams;
    this.listFilter = listFilter;
  }

  /** One page: `{ items, nextCursor }`; pass `nextCursor` back as `cursor` for the next one. */
  async list(options: PageOptions = {}): Promise<Page<T>> {
    checkOptions(`${this.constructor.name}.list`, options, pageOptionKeys);
    const res = await this.t.call<Page<T> | T[]>(this.listOp, {
      params: this.listParams,
      query: { ...this.listFilter, ...pageQuery(options) },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return asPage(res.body);
  }

  /** Every item, fetching pages as the loop goes: `for await (const x of ns.iterate()) …`. */
  iterate(options: IterateOptions = {}): AsyncIterable<T> {
    checkOptions(`${this.constructor.name}.iterate`, options, iterateOptionKeys);
    return paginated((o) => this.list(o)).iterate(options);
  }

  /** Every item, collected into an array (for small collections). */
  listAll(options: IterateOptions = {}): Promise<T[]> {
    checkOptions(`${this.constructor.name}.listAll`, options, iterateOptionKeys);
    return paginated((o) => this.list(o)).listAll(options);
  }
}

/** A value as the server stored it, with the ETag to pass back as `ifMatch`. */
export type WithEtag<T> = T & {
  /** The entity tag of this version, e.g. `"g3"`; pass as `ifMatch` to update only this version. */
  etag: string;
};

/** Options of an ETag-aware update or delete. */
export interface IfMatchOptions {
  /** Only change the object if it is still at this ETag (else `PreconditionFailedError`); `*`: must exist. */
  ifMatch?: string;
  /** Aborts the call. */
  signal?: AbortSignal;
}

/**
 * The ETag the server sent with a versioned object. The server sends one with every such
 * answer (replays of idempotent creates included); `""` only if a proxy stripped it, which
 * makes a later `ifMatch` fail loudly (412) rather than update unconditionally.
 */
export function etagOf(headers: Headers): string {
  return headers.get("etag") ?? "";
}
