import type { StartTap, TapEvent__Input } from "@trellis/protocol/tunnel";
import { msFromDuration, timestampFromMs } from "@trellis/protocol/tunnel";
import type { Exchange } from "../proxy/exchange.ts";

/** Request headers a tap may show; everything else (cookies, authorization, …) stays out. */
export const tapHeaderAllowList = [
  "content-type",
  "content-length",
  "user-agent",
  "accept",
  "x-request-id",
  "traceparent",
  "tracestate",
  "b3",
  "x-b3-traceid",
  "grpc-timeout",
] as const;

type Session = {
  tap: StartTap;
  sent: number;
  endsAtMs: number;
  second: number;
  sentThisSecond: number;
};

/**
 * Live taps (StartTap commands): samples finished exchanges that match, metadata only,
 * bounded by max events, max duration and a per-second rate.
 */
export class TapSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly self: { service: string; namespace: string; proxyId: string },
    private readonly emit: (event: TapEvent__Input) => void,
  ) {}

  get active(): boolean {
    return this.sessions.size > 0;
  }

  start(tap: StartTap, nowMs = Date.now()): void {
    const durationMs = msFromDuration(tap.maxDuration) || 60_000;
    this.sessions.set(tap.tapId, {
      tap,
      sent: 0,
      endsAtMs: nowMs + durationMs,
      second: 0,
      sentThisSecond: 0,
    });
  }

  stop(tapId: string): boolean {
    return this.sessions.delete(tapId);
  }

  record(ex: Exchange, dstService: string, dstNamespace: string, nowMs = Date.now()): void {
    for (const [id, s] of this.sessions) {
      if (nowMs >= s.endsAtMs || (s.tap.maxEvents > 0 && s.sent >= s.tap.maxEvents)) {
        this.sessions.delete(id);
        continue;
      }
      if (
        s.tap.service &&
        (s.tap.service !== dstService || (s.tap.namespace && s.tap.namespace !== dstNamespace))
      )
        continue;
      if (s.tap.pathPrefix && !ex.ds.path.startsWith(s.tap.pathPrefix)) continue;
      const second = Math.floor(nowMs / 1000);
      if (second !== s.second) {
        s.second = second;
        s.sentThisSecond = 0;
      }
      if (s.tap.maxEventsPerSecond > 0 && s.sentThisSecond >= s.tap.maxEventsPerSecond) continue;
      s.sentThisSecond++;
      s.sent++;
      this.emit(eventOf(id, this.self.proxyId, ex, nowMs));
    }
  }
}

function eventOf(tapId: string, proxyId: string, ex: Exchange, nowMs: number): TapEvent__Input {
  const headers: Record<string, string> = {};
  for (const name of tapHeaderAllowList) {
    const v = ex.ds.headers[name];
    if (v !== undefined) headers[name] = Array.isArray(v) ? v.join(", ") : v;
  }
  const q = ex.ds.path.indexOf("?");
  return {
    tapId,
    proxyId,
    at: timestampFromMs(nowMs),
    method: ex.ds.method,
    path: q < 0 ? ex.ds.path : ex.ds.path.slice(0, q), // query strings may carry secrets
    authority: ex.ds.authority,
    status: ex.status,
    grpcStatus: ex.grpcStatus,
    latencyMs: ex.latencyMs,
    clientIdentity: ex.clientIdentity,
    serverIdentity: ex.serverIdentity,
    headers,
    direction: ex.direction,
  };
}
