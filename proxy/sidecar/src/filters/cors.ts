import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { RouteActionV2 } from "@trellis/protocol/snapshot/v2";

type CorsV2 = NonNullable<Extract<RouteActionV2, { type: "forward" }>["cors"]>;

/**
 * Gateway API's CORS filter (HTTPCORSFilter, GEP-1767), as the client's proxy answers it:
 * a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) from an allowed
 * origin is answered here, 200 with the allow headers; an actual request from an allowed
 * origin goes on, and its response gains `Access-Control-Allow-Origin` (plus credentials
 * and exposed headers). A request from an origin not allowed goes on untouched — without
 * CORS headers the browser refuses it (Envoy's behaviour). `*` in origins allows any;
 * `https://*.example.com` any subdomain; with credentials allowed, the request's origin,
 * methods and headers are echoed instead of `*`, as the Fetch standard requires.
 */
export type Cors = {
  anyOrigin: boolean;
  origins: ReadonlySet<string>;
  originPatterns: readonly RegExp[];
  methods: string;
  anyMethod: boolean;
  headers: string;
  anyHeader: boolean;
  expose: string;
  credentials: boolean;
  maxAge: string;
};

export function indexCors(c: CorsV2 | undefined): Cors | undefined {
  if (!c) return undefined;
  const exact = c.allowOrigins.filter((o) => o !== "*" && !o.includes("*"));
  const patterns = c.allowOrigins.filter((o) => o !== "*" && o.includes("*"));
  return {
    anyOrigin: c.allowOrigins.includes("*"),
    origins: new Set(exact.map((o) => o.toLowerCase())),
    originPatterns: patterns.map(
      (o) =>
        new RegExp(
          `^${o
            .toLowerCase()
            .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, "[^/]+")}$`,
        ),
    ),
    methods: c.allowMethods.filter((m) => m !== "*").join(", "),
    anyMethod: c.allowMethods.includes("*"),
    headers: c.allowHeaders.filter((h) => h !== "*").join(", "),
    anyHeader: c.allowHeaders.includes("*"),
    expose: c.exposeHeaders.join(", "),
    credentials: c.allowCredentials,
    maxAge: String(c.maxAgeSeconds),
  };
}

function allowed(c: Cors, origin: string): boolean {
  if (c.anyOrigin) return true;
  const o = origin.toLowerCase();
  return c.origins.has(o) || c.originPatterns.some((p) => p.test(o));
}

function allowOrigin(c: Cors, origin: string): string {
  return c.anyOrigin && !c.credentials ? "*" : origin;
}

/** The answer to a preflight from an allowed origin; undefined when the request is not one. */
export function preflightHeaders(
  c: Cors,
  method: string,
  h: IncomingHttpHeaders,
): OutgoingHttpHeaders | undefined {
  const origin = h.origin;
  const requested = h["access-control-request-method"];
  if (method !== "OPTIONS" || typeof origin !== "string" || typeof requested !== "string") return undefined;
  if (!allowed(c, origin)) return undefined;
  const out: OutgoingHttpHeaders = {
    "access-control-allow-origin": allowOrigin(c, origin),
    "access-control-max-age": c.maxAge,
    vary: "Origin",
    "content-length": 0,
  };
  const methods = c.anyMethod ? (c.credentials ? requested : "*") : c.methods;
  if (methods) out["access-control-allow-methods"] = methods;
  const asked = h["access-control-request-headers"];
  const headers = c.anyHeader ? (c.credentials ? (typeof asked === "string" ? asked : "") : "*") : c.headers;
  if (headers) out["access-control-allow-headers"] = headers;
  if (c.credentials) out["access-control-allow-credentials"] = "true";
  return out;
}

/** Headers an actual cross-origin request's response gains; undefined when it gains none. */
export function responseCorsHeaders(c: Cors, h: IncomingHttpHeaders): OutgoingHttpHeaders | undefined {
  const origin = h.origin;
  if (typeof origin !== "string" || !allowed(c, origin)) return undefined;
  const out: OutgoingHttpHeaders = { "access-control-allow-origin": allowOrigin(c, origin), vary: "Origin" };
  if (c.credentials) out["access-control-allow-credentials"] = "true";
  if (c.expose) out["access-control-expose-headers"] = c.expose;
  return out;
}
