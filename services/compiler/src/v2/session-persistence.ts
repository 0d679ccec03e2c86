import type { HTTPRouteSpec } from "@trellis/protocol/resources";
import type { RouteActionV2 } from "@trellis/protocol/snapshot/v2";
import { msOf } from "./units.ts";

type Session = NonNullable<HTTPRouteSpec["rules"][number]["sessionPersistence"]>;
type SessionV2 = NonNullable<Extract<RouteActionV2, { type: "forward" }>["sessionPersistence"]>;

/** The cookie or header a session rides in when the route names none. */
export const defaultSessionName = { Cookie: "trellis-session", Header: "x-trellis-session" } as const;

/**
 * Gateway API SessionPersistence (GEP-1619): `type` defaults to Cookie, the name to ours,
 * timeouts to none, a cookie's lifetime to Session (no Max-Age); a Permanent cookie lives
 * for `absoluteTimeout` (the API refuses one without it).
 */
export function sessionOf(s: Session | undefined): SessionV2 | undefined {
  if (!s) return undefined;
  const type = s.type ?? "Cookie";
  return {
    type,
    // Header names are matched lower case, as the snapshot writes every header name.
    name:
      type === "Header"
        ? (s.sessionName ?? defaultSessionName.Header).toLowerCase()
        : (s.sessionName ?? defaultSessionName.Cookie),
    absoluteTimeoutMs: msOf(s.absoluteTimeout),
    idleTimeoutMs: msOf(s.idleTimeout),
    lifetime: s.cookieConfig?.lifetimeType ?? "Session",
  };
}
