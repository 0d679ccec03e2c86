import type { GRPCRouteSpec, HTTPRouteFilter } from "@trellis/protocol/resources";
import { compileHeaderModifier, type HeaderModifier } from "./header-modifier.ts";
import type { PathModifier, Redirect } from "./rewrite.ts";

type GrpcFilter = NonNullable<GRPCRouteSpec["rules"][number]["filters"]>[number];

/** A RequestMirror target; `serviceKey` is resolved against the table at request time. */
export type MirrorTarget = { serviceKey: string; percent: number };

/** A rule's filters, compiled once per snapshot (Gateway API HTTPRouteFilter/GRPCRouteFilter). */
export type CompiledFilters = {
  requestHeaders: HeaderModifier | undefined;
  responseHeaders: HeaderModifier | undefined;
  rewrite: { hostname: string | undefined; path: PathModifier | undefined } | undefined;
  redirect: Redirect | undefined;
  mirrors: readonly MirrorTarget[];
};

export const noFilters: CompiledFilters = {
  requestHeaders: undefined,
  responseHeaders: undefined,
  rewrite: undefined,
  redirect: undefined,
  mirrors: [],
};

/**
 * Compiles a rule's filters. Throws (the snapshot is NACKed) on combinations the data
 * plane cannot honour: a prefix rewrite on a rule matched by a regular expression, or
 * a redirect next to a rewrite.
 */
export function compileFilters(
  raw: readonly (HTTPRouteFilter | GrpcFilter)[],
  where: string,
  hasRegexPathMatch: boolean,
): CompiledFilters {
  if (raw.length === 0) return noFilters;
  const reqMods: Parameters<typeof compileHeaderModifier>[0][] = [];
  const resMods: Parameters<typeof compileHeaderModifier>[0][] = [];
  let rewrite: CompiledFilters["rewrite"];
  let redirect: Redirect | undefined;
  const mirrors: MirrorTarget[] = [];
  for (const f of raw) {
    switch (f.type) {
      case "RequestHeaderModifier":
        reqMods.push(f.requestHeaderModifier);
        break;
      case "ResponseHeaderModifier":
        resMods.push(f.responseHeaderModifier);
        break;
      case "URLRewrite":
        rewrite = { hostname: f.urlRewrite.hostname, path: f.urlRewrite.path };
        break;
      case "RequestRedirect":
        redirect = { ...f.requestRedirect };
        break;
      case "RequestMirror": {
        const ref = f.requestMirror.backendRef;
        mirrors.push({ serviceKey: `${ref.namespace}/${ref.name}`, percent: f.requestMirror.percent });
        break;
      }
    }
  }
  const prefixRewrite = [rewrite?.path, redirect?.path].some((p) => p?.type === "ReplacePrefixMatch");
  if (prefixRewrite && hasRegexPathMatch) {
    throw new Error(
      `${where}: ReplacePrefixMatch needs PathPrefix or Exact path matches, not a RegularExpression`,
    );
  }
  if (redirect && rewrite) throw new Error(`${where}: a rule cannot both redirect and rewrite`);
  return {
    requestHeaders: reqMods.length ? compileHeaderModifier(...reqMods) : undefined,
    responseHeaders: resMods.length ? compileHeaderModifier(...resMods) : undefined,
    rewrite,
    redirect,
    mirrors,
  };
}
