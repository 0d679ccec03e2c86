import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { RouteActionV2 } from "@trellis/protocol/snapshot/v2";

type SessionV2 = NonNullable<Extract<RouteActionV2, { type: "forward" }>["sessionPersistence"]>;

/**
 * Gateway API session persistence (GEP-1619), done by the client's proxy: the first
 * response of a session carries a token naming the backend and endpoint that answered —
 * in a cookie (`Set-Cookie`) or a response header — and a request that brings it back goes
 * to that endpoint again, skipping the weighted choice and the balancer, for as long as
 * the endpoint is usable and the session has not outlived `absoluteTimeout` or sat idle
 * past `idleTimeout`. Otherwise the request is routed as usual and gets a new token. Every
 * response renews the token (its idle clock restarts).
 *
 * The token is `<cluster>|<address:port>|<issued s>|<last seen s>` in base64url: not a
 * secret — a forged one can only pick among the route's own backends, as the weights
 * could.
 */
export type SessionPersistence = {
  type: "Cookie" | "Header";
  /** Cookie name, or lower-case header name. */
  name: string;
  absoluteTimeoutMs: number;
  idleTimeoutMs: number;
  /** A Permanent cookie gets `Max-Age` = the absolute timeout; a Session cookie none. */
  permanent: boolean;
};

export type Session = { cluster: string; endpoint: string; issuedSec: number };

export function indexSession(s: SessionV2 | undefined): SessionPersistence | undefined {
  if (!s) return undefined;
  return {
    type: s.type,
    name: s.name,
    absoluteTimeoutMs: s.absoluteTimeoutMs,
    idleTimeoutMs: s.idleTimeoutMs,
    permanent: s.lifetime === "Permanent" && s.absoluteTimeoutMs > 0,
  };
}

/** The session a request brings back, if it brings a live one. */
export function readSession(
  p: SessionPersistence,
  h: IncomingHttpHeaders,
  nowMs: number,
): Session | undefined {
  const raw = p.type === "Header" ? headerValue(h[p.name]) : cookieValue(h.cookie, p.name);
  if (!raw) return undefined;
  const parts = Buffer.from(raw, "base64url").toString("utf8").split("|");
  if (parts.length !== 4) return undefined;
  const [cluster, endpoint, issued, last] = parts as [string, string, string, string];
  const issuedSec = Number(issued);
  const lastSec = Number(last);
  if (!cluster || !endpoint || !Number.isFinite(issuedSec) || !Number.isFinite(lastSec)) return undefined;
  const now = nowMs / 1000;
  if (p.absoluteTimeoutMs > 0 && now - issuedSec > p.absoluteTimeoutMs / 1000) return undefined;
  if (p.idleTimeoutMs > 0 && now - lastSec > p.idleTimeoutMs / 1000) return undefined;
  return { cluster, endpoint, issuedSec };
}

/** Adds the session token for the endpoint that answered to the response headers. */
export function writeSession(
  p: SessionPersistence,
  out: OutgoingHttpHeaders,
  cluster: string,
  endpoint: string,
  issuedSec: number | undefined,
  nowMs: number,
): void {
  const now = Math.floor(nowMs / 1000);
  const token = Buffer.from(`${cluster}|${endpoint}|${issuedSec ?? now}|${now}`).toString("base64url");
  if (p.type === "Header") {
    out[p.name] = token;
    return;
  }
  let cookie = `${p.name}=${token}; Path=/; HttpOnly`;
  if (p.permanent) cookie += `; Max-Age=${Math.floor(p.absoluteTimeoutMs / 1000)}`;
  const existing = out["set-cookie"];
  out["set-cookie"] =
    existing === undefined
      ? cookie
      : Array.isArray(existing)
        ? [...existing, cookie]
        : [String(existing), cookie];
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
