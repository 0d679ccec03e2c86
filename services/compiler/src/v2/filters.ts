import type { HTTPRouteFilter, ServiceRef } from "@trellis/protocol/resources";
import type { FiltersV2, HeaderModifierV2, RouteActionV2 } from "@trellis/protocol/snapshot/v2";
import { perMillionOf } from "./units.ts";

type HeaderModifier = Extract<HTTPRouteFilter, { type: "RequestHeaderModifier" }>["requestHeaderModifier"];
type Redirect = Extract<HTTPRouteFilter, { type: "RequestRedirect" }>["requestRedirect"];
type PathModifier = NonNullable<Redirect["path"]>;
type RedirectAction = Extract<RouteActionV2, { type: "redirect" }>;
type Forward = Extract<RouteActionV2, { type: "forward" }>;
type Cors = Extract<HTTPRouteFilter, { type: "CORS" }>["cors"];
type Mirror = Extract<HTTPRouteFilter, { type: "RequestMirror" }>["requestMirror"];

/** What a rule's filters say, resolved for one match (its path prefix). */
export interface RuleFilters {
  filters: FiltersV2;
  redirect: RedirectAction | undefined;
  /** RequestMirror targets with their share in parts per million, not yet resolved to clusters. */
  mirrors: { ref: ServiceRef; perMillion: number }[];
  cors: Forward["cors"];
}

/**
 * Gateway API filters of a rule. Header modifiers of one direction are concatenated (the
 * API allows one of each; a concatenation is what two would mean). `pathPrefix` is the
 * matched prefix a ReplacePrefixMatch replaces: the API refuses that rewrite on a
 * regular-expression match, so it is always known here.
 */
export function ruleFilters(
  list: readonly HTTPRouteFilter[] | undefined,
  pathPrefix: string | undefined,
): RuleFilters {
  let requestHeaders: HeaderModifierV2 | undefined;
  let responseHeaders: HeaderModifierV2 | undefined;
  let urlRewrite: FiltersV2["urlRewrite"];
  let redirect: Redirect | undefined;
  const mirrors: RuleFilters["mirrors"] = [];
  let cors: Forward["cors"];
  const prefix = pathPrefix ?? "/";
  for (const f of list ?? []) {
    if (f.type === "RequestHeaderModifier")
      requestHeaders = headerModifierOf(f.requestHeaderModifier, requestHeaders);
    else if (f.type === "ResponseHeaderModifier")
      responseHeaders = headerModifierOf(f.responseHeaderModifier, responseHeaders);
    else if (f.type === "URLRewrite")
      urlRewrite = {
        ...(f.urlRewrite.hostname ? { hostname: f.urlRewrite.hostname.toLowerCase() } : {}),
        ...(f.urlRewrite.path ? { path: pathOf(f.urlRewrite.path, prefix) } : {}),
      };
    else if (f.type === "RequestRedirect") redirect = f.requestRedirect;
    else if (f.type === "RequestMirror")
      mirrors.push({ ref: f.requestMirror.backendRef, perMillion: mirrorShare(f.requestMirror) });
    else if (f.type === "CORS") cors = corsOf(f.cors);
    // ExtensionRef is refused at the API (@trellis/protocol/resources not-yet-enforced),
    // so a stored route never has one.
  }
  const filters: FiltersV2 = {
    ...(requestHeaders ? { requestHeaders } : {}),
    ...(responseHeaders && !redirect ? { responseHeaders } : {}),
    ...(urlRewrite ? { urlRewrite } : {}),
  };
  return {
    filters,
    redirect: redirect ? redirectAction(redirect, prefix, responseHeaders) : undefined,
    mirrors,
    cors,
  };
}

/**
 * The filters of one backendRef: header modifiers and a URL rewrite, applied only to the
 * requests sent to that backend (the API refuses a per-backend mirror, redirect or CORS).
 * Undefined when it has none.
 */
export function backendFilters(
  list: readonly HTTPRouteFilter[] | undefined,
  pathPrefix: string | undefined,
): FiltersV2 | undefined {
  if (!list?.length) return undefined;
  const { filters } = ruleFilters(list, pathPrefix);
  return Object.keys(filters).length > 0 ? filters : undefined;
}

/** `percent`, or `fraction` (Gateway API: numerator / denominator) exactly, in parts per million. */
function mirrorShare(m: Mirror): number {
  if (!m.fraction) return perMillionOf(m.percent);
  return Math.round((m.fraction.numerator * 1_000_000) / m.fraction.denominator);
}

/**
 * Gateway API's HTTPCORSFilter. Methods and headers keep their `*` (a wildcard the data
 * plane answers by echoing what the preflight asked for, unless credentials are allowed);
 * `maxAge` defaults to 5 s as the API documents.
 */
function corsOf(c: Cors): NonNullable<Forward["cors"]> {
  return {
    allowOrigins: [...(c.allowOrigins ?? [])],
    allowMethods: [...(c.allowMethods ?? [])],
    allowHeaders: [...(c.allowHeaders ?? [])],
    exposeHeaders: [...(c.exposeHeaders ?? [])],
    allowCredentials: c.allowCredentials ?? false,
    maxAgeSeconds: c.maxAge ?? 5,
  };
}

function redirectAction(
  r: Redirect,
  prefix: string,
  responseHeaders: HeaderModifierV2 | undefined,
): RedirectAction {
  return {
    type: "redirect",
    ...(r.scheme ? { scheme: r.scheme } : {}),
    ...(r.hostname ? { hostname: r.hostname.toLowerCase() } : {}),
    ...(r.port ? { port: r.port } : {}),
    ...(r.path ? { path: pathOf(r.path, prefix) } : {}),
    statusCode: r.statusCode,
    ...(responseHeaders ? { responseHeaders } : {}),
  };
}

function pathOf(p: PathModifier, prefix: string): NonNullable<RedirectAction["path"]> {
  return p.type === "ReplaceFullPath"
    ? { type: "ReplaceFullPath", value: p.replaceFullPath }
    : { type: "ReplacePrefixMatch", prefix, value: p.replacePrefixMatch };
}

/** A header modifier with lower-case names and every list explicit, appended to `into`. */
export function headerModifierOf(m: HeaderModifier, into?: HeaderModifierV2): HeaderModifierV2 {
  const lower = (h: { name: string; value: string }) => ({ name: h.name.toLowerCase(), value: h.value });
  return {
    set: [...(into?.set ?? []), ...(m.set ?? []).map(lower)],
    add: [...(into?.add ?? []), ...(m.add ?? []).map(lower)],
    remove: [...(into?.remove ?? []), ...(m.remove ?? []).map((n) => n.toLowerCase())],
  };
}
