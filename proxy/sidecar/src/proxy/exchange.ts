import type { IncomingHttpHeaders } from "node:http";
import type { Balancer, EndpointHandle } from "../balance/balancer.ts";
import type { Classification, EdgeCounters } from "../metrics/edges.ts";
import type { Downstream } from "./downstream.ts";
import { grpcStatusOf, httpStatusOf, type ProxyErrorKind, respondError } from "./errors.ts";

/** What the program wants to know about every finished exchange (drain, tap). */
export type ExchangeObserver = {
  started(ex: Exchange): void;
  finished(ex: Exchange): void;
};

/**
 * The record of one proxied request: timing, outcome and the endpoint it used.
 * Dispatchers report response headers, trailers and the end on it; `finish` runs once
 * and feeds the balancer, the golden metrics and the observer.
 */
export class Exchange {
  readonly startMs = performance.now();
  status = 0;
  grpcStatus = -1;
  latencyMs = -1;
  error: ProxyErrorKind | "client-gone" | undefined;
  endpoint: EndpointHandle | undefined;
  balancer: Balancer | undefined;
  serverIdentity = "";
  /** Aborts the upstream side (set by the dispatcher). */
  cancelUpstream: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
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
  }

  useEndpoint(endpoint: EndpointHandle, balancer: Balancer): void {
    this.endpoint = endpoint;
    this.balancer = balancer;
    this.serverIdentity = endpoint.endpoint.identity;
    endpoint.pending++;
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
    if (this.endpoint && this.balancer) this.balancer.observe(this.endpoint, this.latencyMs);
  }

  trailers(trailers: IncomingHttpHeaders): void {
    const g = trailers["grpc-status"];
    if (g !== undefined) this.grpcStatus = Number(g);
  }

  /** The upstream side failed: answer with a proxy error (or abort) and finish. */
  fail(kind: ProxyErrorKind, detail: string): void {
    if (this.done) return;
    this.cancelUpstream?.();
    if (this.endpoint && this.balancer && kind === "upstream-connect") {
      // A refused connection counts as a very slow response, steering P2C away.
      this.balancer.observe(this.endpoint, 1000);
    }
    if (!this.ds.headersSent) {
      this.status = this.ds.isGrpc ? 200 : httpStatusOf(kind);
      if (this.ds.isGrpc) this.grpcStatus = grpcStatusOf(kind);
    }
    respondError(this.ds, kind, detail);
    this.error = kind;
    this.finish();
  }

  clientGone(): void {
    if (this.done) return;
    this.cancelUpstream?.();
    this.error = "client-gone";
    this.finish();
  }

  finish(): void {
    if (this.done) return;
    this.done = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.endpoint) this.endpoint.pending--;
    if (this.latencyMs < 0) this.latencyMs = performance.now() - this.startMs;
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
