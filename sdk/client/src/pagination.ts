import type { Page } from "@trellis/protocol/api";
import type { RequestOptions } from "./transport.ts";

export type { Page };

/** Which page to fetch: `limit` items (1–200, server default 50) after `cursor`. */
export interface PageOptions extends RequestOptions {
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** Options of `iterate()` and `listAll()`: the page size and an abort signal. */
export interface IterateOptions extends RequestOptions {
  /** Items per request; the iterator follows `nextCursor` until the last page. */
  pageSize?: number;
}

/** The three ways to read a paginated collection. */
export interface Paginated<T> {
  /** One page: `{ items, nextCursor }`; pass `nextCursor` back as `cursor` for the next. */
  list(options?: PageOptions): Promise<Page<T>>;
  /** Every item, fetching pages lazily: `for await (const x of ns.iterate()) …`. */
  iterate(options?: IterateOptions): AsyncIterable<T>;
  /** Every item, collected into an array (fine for small collections). */
  listAll(options?: IterateOptions): Promise<T[]>;
}

/** Builds `list`/`iterate`/`listAll` from a function that fetches one page. */
export function paginated<T>(fetchPage: (options: PageOptions) => Promise<Page<T>>): Paginated<T> {
  async function* iterate(options: IterateOptions = {}): AsyncGenerator<T> {
    let cursor: string | undefined;
    do {
      const page = await fetchPage({
        ...(options.pageSize ? { limit: options.pageSize } : {}),
        ...(cursor ? { cursor } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return {
    list: (options = {}) => fetchPage(options),
    iterate,
    async listAll(options) {
      const all: T[] = [];
      for await (const item of iterate(options)) all.push(item);
      return all;
    },
  };
}

/** The query string part of a page request. */
export function pageQuery(options: PageOptions): Record<string, string | number | undefined> {
  return { limit: options.limit, cursor: options.cursor };
}

/** Accepts a page, or a bare array from an endpoint that does not paginate (yet). */
export function asPage<T>(body: Page<T> | T[]): Page<T> {
  return Array.isArray(body) ? { items: body, nextCursor: null } : body;
}
