import type { FiltersV2 } from "@trellis/protocol/snapshot/v2";
import { type HeaderModifier, indexHeaderModifier } from "./header-modifier.ts";
import type { PathRewrite } from "./rewrite.ts";

/** A route's (or one backend's) request and response filters, ready to apply. */
export type Filters = {
  requestHeaders: HeaderModifier | undefined;
  responseHeaders: HeaderModifier | undefined;
  rewrite: { hostname: string | undefined; path: PathRewrite | undefined } | undefined;
};

export const noFilters: Filters = {
  requestHeaders: undefined,
  responseHeaders: undefined,
  rewrite: undefined,
};

/** The snapshot's filters as the layers apply them; the shared `noFilters` when there are none. */
export function indexFilters(f: FiltersV2 | undefined): Filters {
  if (!f || (!f.requestHeaders && !f.responseHeaders && !f.urlRewrite)) return noFilters;
  return {
    requestHeaders: f.requestHeaders ? indexHeaderModifier(f.requestHeaders) : undefined,
    responseHeaders: f.responseHeaders ? indexHeaderModifier(f.responseHeaders) : undefined,
    rewrite: f.urlRewrite ? { hostname: f.urlRewrite.hostname, path: f.urlRewrite.path } : undefined,
  };
}
