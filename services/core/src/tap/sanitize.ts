import type { TapEvent } from "@trellis/protocol/api";
import { msFromTimestamp, type TapEvent as TunnelTapEvent } from "@trellis/protocol/tunnel";

/**
 * Header values a tap may show. Everything else (cookies, authorization, custom headers
 * that may carry tokens or personal data) is dropped, even if a connector sent it.
 */
export const tapHeaderAllowList = new Set([
  "accept",
  "content-length",
  "content-type",
  "grpc-status",
  "traceparent",
  "user-agent",
  "x-b3-spanid",
  "x-b3-traceid",
  "x-request-id",
]);

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

/** NOTIFY payloads must stay below 8000 bytes; leave room for the envelope. */
export const maxEventBytes = 7000;

/**
 * What a tap client receives per sampled request (the API's `TapEvent`: metadata only, never
 * bodies): the allow-listed metadata, bounded in size so it fits one NOTIFY. Pure.
 */
export function sanitizeTapEvent(cluster: string, e: TunnelTapEvent): TapEvent {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.headers ?? {})) {
    const name = k.toLowerCase();
    if (tapHeaderAllowList.has(name)) headers[name] = cut(String(v), 256);
  }
  const at = msFromTimestamp(e.at);
  const dto: TapEvent = {
    cluster,
    proxyId: cut(e.proxyId, 128),
    at: at ? new Date(at).toISOString() : null,
    direction: e.direction === "inbound" || e.direction === "outbound" ? e.direction : "",
    method: cut(e.method, 32),
    path: cut(e.path, 1024),
    authority: cut(e.authority, 256),
    status: e.status,
    grpcStatus: e.grpcStatus,
    latencyMs: Number.isFinite(e.latencyMs) ? e.latencyMs : 0,
    clientIdentity: cut(e.clientIdentity, 512),
    serverIdentity: cut(e.serverIdentity, 512),
    headers,
  };
  // Multi-byte characters can still push it over: drop headers, then shorten the path.
  if (Buffer.byteLength(JSON.stringify(dto)) > maxEventBytes) dto.headers = {};
  if (Buffer.byteLength(JSON.stringify(dto)) > maxEventBytes) dto.path = cut(dto.path, 64);
  if (Buffer.byteLength(JSON.stringify(dto)) > maxEventBytes) {
    dto.clientIdentity = cut(dto.clientIdentity, 64);
    dto.serverIdentity = cut(dto.serverIdentity, 64);
    dto.authority = cut(dto.authority, 64);
  }
  return dto;
}
