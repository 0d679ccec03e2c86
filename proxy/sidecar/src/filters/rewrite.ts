import type { RouteActionV2 } from "@trellis/protocol/snapshot/v2";

/**
 * URL rewrites and redirects of HTTPRoute filters (Gateway API `HTTPPathModifier`,
 * `HTTPURLRewriteFilter`, `HTTPRequestRedirectFilter`), in the snapshot's form: a
 * ReplacePrefixMatch carries the prefix its route matched. Pure string work.
 */
export type PathRewrite = NonNullable<Extract<RouteActionV2, { type: "redirect" }>["path"]>;

export type Redirect = {
  scheme?: "http" | "https" | undefined;
  hostname?: string | undefined;
  path?: PathRewrite | undefined;
  port?: number | undefined;
  statusCode: number;
};

/**
 * Rewrites `path` (without query). ReplacePrefixMatch replaces the matched PathPrefix,
 * element-wise: prefix `/foo` → `/xyz` turns `/foo/bar` into `/xyz/bar`; replacing
 * with `/` turns `/foo/bar` into `/bar` and `/foo` into `/`; `/foo/` becomes `/xyz/`
 * (the table in the HTTPPathModifier docs).
 */
export function rewritePath(path: string, mod: PathRewrite): string {
  if (mod.type === "ReplaceFullPath") return mod.value;
  const prefix = trimSlash(mod.prefix);
  const rest = prefix === "/" ? path : path.slice(prefix.length);
  const replacement = trimSlash(mod.value);
  const joined = (replacement === "/" ? "" : replacement) + rest;
  return joined === "" ? "/" : joined.startsWith("/") ? joined : `/${joined}`;
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p;
}

const wellKnownPorts: Record<string, number> = { http: 80, https: 443 };

/**
 * The Location of a RequestRedirect. Unset fields keep the request's; the port follows
 * Gateway API: the given one, else the well-known port of a changed scheme, else the
 * port the request addressed — and it is left out when it is the scheme's default.
 */
export function redirectLocation(
  req: { scheme: "http" | "https"; host: string; port: number | undefined; path: string; query: string },
  r: Redirect,
): string {
  const scheme = r.scheme ?? req.scheme;
  const host = r.hostname ?? req.host;
  const port = r.port ?? (r.scheme !== undefined ? wellKnownPorts[scheme] : req.port);
  const path = r.path ? rewritePath(req.path, r.path) : req.path;
  const portPart = port === undefined || port === wellKnownPorts[scheme] ? "" : `:${port}`;
  const hostPart = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return `${scheme}://${hostPart}${portPart}${path}${req.query ? `?${req.query}` : ""}`;
}
