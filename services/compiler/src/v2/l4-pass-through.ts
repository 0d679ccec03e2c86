import type { InboundV2, RateLimitV2 } from "@trellis/protocol/snapshot/v2";
import { needsHttp } from "./authorization.ts";

/**
 * The inbound proxy may terminate mTLS, check the peer's identity and pipe bytes when
 * nothing it enforces needs the HTTP request: no path, method or route rule, no JWT, no
 * rate limit — or when the service is opaque TCP, where there is no HTTP to read (a rule
 * with `to` then matches nothing, as for any TCP connection).
 */
export function l4PassThrough(
  opaque: boolean,
  policies: InboundV2["policies"],
  rateLimits: readonly RateLimitV2[],
): boolean {
  return opaque || (rateLimits.length === 0 && !policies.some(needsHttp));
}
