import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { Balancer, EndpointHandle } from "../balance/balancer.ts";
import { endToEndHeaders } from "../http/hop-by-hop.ts";
import type { Classification, DenyReason, EdgeCounters } from "../metrics/edges.ts";
import type { Downstream } from "./downstream.ts";
import {
  grpcStatusOf,
  httpStatusOf,
  type PolicyDenialKind,
  type ProxyErrorKind,
  respondError,
  respondLocal,
} from "./errors.ts";

/** Whatever an exchange waits on upstream (an attempt, a backoff, a queue), to abandon it. */
export interface Cancellable {
  cancel(): void;
}

/** What the program wants to know about every finished exchange (drain, tap). */
export type ExchangeObserver = {
  started(ex: Exchange): void;
  finished(ex: Exchange): void;
};

/**
 * How a forwarder reports one attempt upstream. `onResponse` decides whether the
 * response is the one the client gets (true) or is dropped for a retry (false);
 * `onError` reports a failure before a response was accepted. The Exchange itself is
 * the hooks of a plain single attempt, so the common path allocates nothing more.
 */
export type AttemptHooks = {
  onResponse(status: number, headers: IncomingHttpHeaders): boolean;
  onError(kind: "upstream-connect" | "upstream-reset", detail: string, replaySafe: boolean): void;
  /** The response headers to send downstream (end-to-end, filtered). */
  downstreamHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders;
};

/**
 * The record of one proxied request: timing, outcome and the endpoint it used.
 * Dispatchers report response headers, trailers and the end on it; `finish` runs once
 * and feeds the golden metrics, the cleanups (timers, circuit-breaker slots) and the
 * observer.
 */
export class Exchange implements AttemptHooks {
  readonly startMs = performance.now();
  status = 0;
  grpcStatus = -1;
  latencyMs = -1;
  error: ProxyErrorKind | "client-gone" | undefined;
  endpoint: EndpointHandle | undefined;
  balancer: Balancer | undefined;
  serverIdentity = "";
  /** Aborts whatever the exchange is waiting on upstream (set by the dispatcher). */
  cancelUpstream: Cancellable | undefined;
  private timer: NodeJS.Timeout | undefined;
  private cleanups: (() => void)[] | undefined;
  private done = false;

  constructor(
    readonly ds: Downstream,
    readonly direction: "inbound" | "outbound",
    readonly edge: EdgeCounters,
    readonly clientIdentity: string,
    private readonly observer: ExchangeObserver,
  ) {
    edge.request();
    observer.started(this);
    ds.watchClientGone(this);
  }

  /** The endpoint of the current attempt (a retry may move to another). */
  useEndpoint(endpoint: EndpointHandle, balancer: Balancer): void {
    if (this.endpoint) this.endpoint.pending--;
    this.endpoint = endpoint;
    this.balancer = balancer;
    this.serverIdentity = endpoint.endpoint.identity;
    endpoint.pending++;
  }

  /** Runs `fn` once when the exchange finishes, however it ends. */
  onFinish(fn: () => void): void {
    if (this.done) {
      fn();
      return;
    }
    if (this.cleanups) this.cleanups.push(fn);
    else this.cleanups = [fn];
  }

  /** Bounds the whole exchange (route `timeouts.request`), until the response ends. */
  deadline(ms: number): void {
    if (ms <= 0) return;
    this.timer = setTimeout(() => this.fail("timeout", `no complete response within ${ms}ms`), ms);
  }

  responseHeaders(status: number, headers: IncomingHttpHeaders): void {
    this.status = status;
    this.latencyMs = performance.now() - this.startMs;
    const g = headers["grpc-status"];
    if (g !== undefined) this.grpcStatus = Number(g);
  }

  onResponse(status: number, headers: IncomingHttpHeaders): boolean {
    this.responseHeaders(status, headers);
    return true;
  }

  onError(kind: "upstream-connect" | "upstream-reset", detail: string, _replaySafe: boolean): void {
    this.fail(kind, detail);
  }

  downstreamHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
    return endToEndHeaders(headers);
  }

  trailers(trailers: IncomingHttpHeaders): void {
    const g = trailers["grpc-status"];
    if (g !== undefined) this.grpcStatus = Number(g);
  }

  /** The upstream side failed (or a limit refused it): answer with a proxy error and finish. */
  fail(kind: ProxyErrorKind, detail: string, headers?: OutgoingHttpHeaders): void {
    if (this.done) return;
    this.cancelUpstream?.cancel();
    if (!this.ds.headersSent) {
      this.status = this.ds.isGrpc ? 200 : httpStatusOf(kind);
      if (this.ds.isGrpc) this.grpcStatus = grpcStatusOf(kind);
    }
    respondError(this.ds, kind, detail, headers);
    this.error = kind;
    if (kind === "circuit-open") this.edge.deny("circuit_open");
    this.finish();
  }

  /** A policy refused the request: answer (403/401/429 or the gRPC code), count it, finish. */
  deny(kind: PolicyDenialKind, reason: DenyReason, detail: string, headers?: OutgoingHttpHeaders): void {
    if (this.done) return;
    this.status = this.ds.isGrpc ? 200 : httpStatusOf(kind);
    if (this.ds.isGrpc) this.grpcStatus = grpcStatusOf(kind);
    this.edge.deny(reason);
    respondError(this.ds, kind, detail, headers);
    this.finish();
  }

  /** Answers with a response made here (injected fault, redirect) and finishes. */
  respondHere(status: number, grpcStatus: number, message: string, headers: OutgoingHttpHeaders): void {
    if (this.done) return;
    this.status = this.ds.isGrpc ? 200 : status;
    if (this.ds.isGrpc) this.grpcStatus = grpcStatus;
    respondLocal(this.ds, { status, grpcStatus, message }, headers);
    this.finish();
  }

  clientGone(): void {
    if (this.done) return;
    this.cancelUpstream?.cancel();
    this.error = "client-gone";
    this.finish();
  }

  finish(): void {
    if (this.done) return;
    this.done = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.endpoint) this.endpoint.pending--;
    if (this.latencyMs < 0) this.latencyMs = performance.now() - this.startMs;
    if (this.cleanups) for (const fn of this.cleanups) fn();
    this.edge.response(this.status, this.classify(), this.latencyMs);
    this.observer.finished(this);
  }

  get finished(): boolean {
    return this.done;
  }

  classify(): Classification {
    if (this.error) return "failure";
    if (this.ds.isGrpc) return this.grpcStatus === 0 ? "success" : "failure";
    return this.status >= 500 || this.status === 0 ? "failure" : "success";
  }
}
