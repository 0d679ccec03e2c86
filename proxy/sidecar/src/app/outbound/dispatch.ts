import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { Balancer, EndpointHandle } from "../../balance/balancer.ts";
import { ejected, usable } from "../../balance/balancer.ts";
import type { Cors } from "../../filters/cors.ts";
import { responseCorsHeaders } from "../../filters/cors.ts";
import { applyHeaderModifier, type HeaderModifier } from "../../filters/header-modifier.ts";
import { endToEndHeaders, proxyErrorHeader } from "../../http/hop-by-hop.ts";
import type { DenyReason } from "../../metrics/edges.ts";
import { isClean, type OutlierOutcome, recordOutcome } from "../../policy/outlier.ts";
import type { RetryBudget } from "../../policy/retry-budget.ts";
import { backoffMs } from "../../policy/retry-budget.ts";
import {
  type AttemptOutcome,
  isEndpointFailure,
  matchesRetryOn,
  retrySafety,
} from "../../policy/retry-decision.ts";
import type { Retry } from "../../policy/types.ts";
import type { BodySource } from "../../proxy/body.ts";
import type { AttemptHooks, Cancellable, Exchange } from "../../proxy/exchange.ts";
import { sendH1 } from "../../proxy/forward-h1.ts";
import { sendH2 } from "../../proxy/forward-h2.ts";
import type { UpstreamRequest } from "../../proxy/upstream-request.ts";
import type { Cluster } from "../../routing/types.ts";
import { type Session, type SessionPersistence, writeSession } from "../../session/sticky.ts";
import type { Runtime } from "../runtime.ts";
import { awaitEndpoints } from "./await-endpoints.ts";

const refusalReasons: Record<string, DenyReason> = {
  unauthorized: "authz",
  unauthenticated: "jwt",
  "rate-limited": "rate_limit",
};

export type DispatchPlan = {
  up: UpstreamRequest;
  cluster: Cluster;
  balancer: Balancer;
  body: BodySource | undefined;
  retry: { policy: Retry; budget: RetryBudget } | undefined;
  /** Per attempt: min(retry perTryTimeout, route backendRequest); 0 = none. */
  perTryTimeoutMs: number;
  /** ResponseHeaderModifiers, the route's then the backend's. */
  responseFilters: readonly (HeaderModifier | undefined)[];
  cors: Cors | undefined;
  /** Session persistence of the route, and the session the request brought back. */
  session: { persistence: SessionPersistence; pinned: Session | undefined } | undefined;
  /** Set on the response when a fault delayed the request (`x-trellis-fault`). */
  faultLabel: string | undefined;
};

/**
 * Sends an outbound exchange to the endpoints of its backend: one attempt, or several.
 * Each attempt picks an endpoint (P2C skips ejected, draining and gone ones), feeds the
 * balancer its latency and outlier detection its outcome. An attempt that never
 * reached the server is sent again (another endpoint first, within the route retry's
 * `connectRetryWindowMs` and budget); a response the route's retry would retry
 * is dropped and the request replayed after a jittered backoff — while the attempts,
 * the budget and a replayable body last. A backend with no endpoint at all is waited for
 * within the same window. Otherwise the last outcome is the client's.
 * Retries only happen before anything went downstream.
 */
export class MeshDispatch implements AttemptHooks, Cancellable {
  private attempt = 0;
  private safeRetries = 0;
  private attemptStartMs = 0;
  private handle: EndpointHandle | undefined;
  /** The backend's balancer (looked up again after a wait: a snapshot may replace it). */
  private balancer: Balancer;
  /** Endpoints that failed to connect for this request (a safe retry avoids them). */
  private failed: EndpointHandle[] | undefined;
  private timer: NodeJS.Timeout | undefined;
  private attemptInFlight: Cancellable | undefined;
  private readonly safety: "any" | "connect-only" | "none";

  constructor(
    private readonly rt: Runtime,
    private readonly ex: Exchange,
    private readonly plan: DispatchPlan,
  ) {
    this.balancer = plan.balancer;
    const r = plan.retry;
    const now = performance.now();
    this.safety = r ? retrySafety(plan.up.method, ex.ds.isGrpc, r.policy) : "none";
    if (r) r.budget.deposit(now);
    if (r || plan.perTryTimeoutMs > 0) ex.onFinish(() => clearTimeout(this.timer));
  }

  start(): void {
    this.send(this.pinnedEndpoint());
  }

  /** The exchange ended (client gone, deadline): abandon the attempt in flight. */
  cancel(): void {
    clearTimeout(this.timer);
    this.attemptInFlight?.cancel();
  }

  /** The endpoint a live session names, while it may take requests (else a fresh choice). */
  private pinnedEndpoint(): EndpointHandle | undefined {
    const pinned = this.plan.session?.pinned;
    if (!pinned || pinned.cluster !== this.plan.cluster.key) return undefined;
    const now = performance.now();
    return this.balancer.handles.find((h) => h.key === pinned.endpoint && usable(h, now));
  }

  private send(chosen: EndpointHandle | undefined): void {
    const { ex, plan, rt } = this;
    const handle = chosen ?? this.balancer.pick();
    if (!handle) {
      if (!this.waitForEndpoints())
        ex.fail("no-endpoints", `service ${plan.cluster.key} has no ready endpoints`);
      return;
    }
    ex.useEndpoint(handle, this.balancer);
    this.handle = handle;
    this.attemptStartMs = performance.now();
    const ep = handle.endpoint;
    this.attemptInFlight =
      ex.ds.protocol === "h2"
        ? sendH2(ex, rt.meshPools.session(ep), plan.up, plan.body, this)
        : sendH1(
            ex,
            { pool: rt.meshPools.h1(ep), host: ep.address, port: ep.port },
            plan.up,
            plan.body,
            this,
          );
    ex.cancelUpstream = this;
    if (plan.perTryTimeoutMs > 0) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.onTimeout(), plan.perTryTimeoutMs);
    }
  }

  onResponse(status: number, headers: IncomingHttpHeaders): boolean {
    const rtt = performance.now() - this.attemptStartMs;
    if (this.handle) this.balancer.observe(this.handle, rtt);
    const g = headers["grpc-status"];
    const outcome: AttemptOutcome = {
      kind: "response",
      status,
      grpcStatus: g === undefined ? undefined : Number(g),
    };
    this.recordOutlier(outcome);
    if (this.retryAfter(outcome)) return false;
    this.ex.responseHeaders(status, headers);
    // The server's proxy refused it: count the denial on this (the reported) edge.
    const refusal = headers[proxyErrorHeader];
    if (refusal !== undefined) {
      const reason = refusalReasons[refusal as string];
      if (reason) this.ex.edge.deny(reason);
    }
    return true;
  }

  onError(kind: "upstream-connect" | "upstream-reset", detail: string, replaySafe: boolean): void {
    clearTimeout(this.timer);
    // A refused connection counts as a very slow response, steering P2C away.
    if (this.handle && kind === "upstream-connect") this.balancer.observe(this.handle, 1000);
    const outcome: AttemptOutcome = { kind: kind === "upstream-connect" ? "connect-failure" : "reset" };
    this.recordOutlier(outcome);
    // An attempt that never reached the server is governed by the connect-retry window
    // when the retry has one (even past `attempts`); once it is spent, the request fails.
    if (replaySafe && (this.plan.retry?.policy.connectRetryWindowMs ?? 0) > 0) {
      if (!this.retrySafely()) this.ex.fail(kind, detail);
      return;
    }
    if (!this.retryAfter(outcome)) this.ex.fail(kind, detail);
  }

  /**
   * The retry a request gets when its attempt never reached the server: another
   * endpoint at once when there is one, else the same after a backoff, while the request
   * is younger than the retry's `connectRetryWindowMs`, within its budget. False when
   * none is left (or the route's retry has no window: then only `attempts` count).
   */
  private retrySafely(): boolean {
    const { ex, plan } = this;
    const r = plan.retry;
    if (!r || r.policy.connectRetryWindowMs <= 0) return false;
    if (ex.finished || (plan.body && !plan.body.replayable)) return false;
    const now = performance.now();
    const remainingMs = r.policy.connectRetryWindowMs - (now - ex.startMs);
    if (remainingMs <= 0) {
      ex.edge.retry("bound_exceeded");
      return false;
    }
    this.safeRetries++;
    const failed = this.failed ?? [];
    this.failed = failed;
    if (this.handle) failed.push(this.handle);
    const other = this.balancer.pickOther(failed);
    // Moving load to another endpoint takes from the budget; waiting for the only one
    // (it restarts) does not — the bound and the backoff limit that, and a refused
    // connection costs the server nothing.
    if (other && !r.budget.withdraw(now)) {
      ex.edge.retry("budget_exhausted");
      return false;
    }
    ex.edge.retry("retried");
    if (other) {
      this.send(other);
      return true;
    }
    const again = this.handle;
    const timer = setTimeout(
      () => {
        // The endpoint may have left the set meanwhile (its proxy is gone): choose afresh.
        if (!ex.finished) this.send(again && this.balancer.handles.includes(again) ? again : undefined);
      },
      Math.min(
        Math.max(0, remainingMs - 1),
        backoffMs(this.safeRetries, r.policy.backoffBaseMs, r.policy.backoffMaxMs),
      ),
    );
    ex.cancelUpstream = { cancel: () => clearTimeout(timer) };
    return true;
  }

  /**
   * A backend with no endpoint at all is waited for, like a refused connection, while the
   * request is younger than the retry's `connectRetryWindowMs` (await-endpoints.ts). False
   * when there is no window (or none left, or the body was sent once and cannot be sent
   * again): the request fails now.
   */
  private waitForEndpoints(): boolean {
    const { ex, plan, rt } = this;
    const windowMs = plan.retry?.policy.connectRetryWindowMs ?? 0;
    if (windowMs <= 0 || ex.finished) return false;
    if (this.handle && plan.body && !plan.body.replayable) return false;
    const remainingMs = windowMs - (performance.now() - ex.startMs);
    if (remainingMs <= 0) return false;
    awaitEndpoints(rt, ex, plan.cluster.key, remainingMs, (balancer) => {
      this.balancer = balancer;
      this.send(undefined);
    });
    return true;
  }

  downstreamHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
    const { plan } = this;
    const out = endToEndHeaders(headers);
    for (const m of plan.responseFilters) if (m) applyHeaderModifier(out, m);
    if (plan.cors) Object.assign(out, responseCorsHeaders(plan.cors, this.ex.ds.headers));
    if (plan.session && this.handle)
      writeSession(
        plan.session.persistence,
        out,
        plan.cluster.key,
        this.handle.key,
        plan.session.pinned?.endpoint === this.handle.key ? plan.session.pinned.issuedSec : undefined,
        Date.now(),
      );
    if (plan.faultLabel) out["x-trellis-fault"] = plan.faultLabel;
    return out;
  }

  private onTimeout(): void {
    const { ex } = this;
    if (ex.finished) return;
    if (ex.ds.headersSent) {
      ex.fail("timeout", `response not complete within the ${this.plan.perTryTimeoutMs}ms backend timeout`);
      return;
    }
    this.attemptInFlight?.cancel();
    if (this.handle) this.balancer.observe(this.handle, performance.now() - this.attemptStartMs);
    const outcome: AttemptOutcome = { kind: "timeout" };
    this.recordOutlier(outcome);
    if (!this.retryAfter(outcome)) {
      ex.fail("timeout", `no response within the ${this.plan.perTryTimeoutMs}ms per-attempt timeout`);
    }
  }

  /** Schedules a retry when the policy wants one and may have one; true if scheduled. */
  private retryAfter(outcome: AttemptOutcome): boolean {
    const r = this.plan.retry;
    if (!r || this.ex.finished) return false;
    if (!matchesRetryOn(outcome, r.policy, this.ex.ds.isGrpc)) return false;
    if (this.safety === "connect-only" && outcome.kind !== "connect-failure") return false;
    const edge = this.ex.edge;
    if (this.attempt + 1 >= r.policy.attempts) {
      edge.retry("attempts_exhausted");
      return false;
    }
    if (this.plan.body && !this.plan.body.replayable) {
      edge.retry("not_replayable");
      return false;
    }
    if (!r.budget.withdraw(performance.now())) {
      edge.retry("budget_exhausted");
      return false;
    }
    edge.retry("retried");
    this.attempt++;
    clearTimeout(this.timer);
    const wait = backoffMs(this.attempt, r.policy.backoffBaseMs, r.policy.backoffMaxMs);
    const timer = setTimeout(() => {
      if (!this.ex.finished) this.send(undefined);
    }, wait);
    this.ex.cancelUpstream = { cancel: () => clearTimeout(timer) };
    return true;
  }

  /** The cluster's outlier detection (a CircuitBreaker's, else the mesh's failure accrual). */
  private recordOutlier(outcome: AttemptOutcome): void {
    const h = this.handle;
    if (!h) return;
    const spec = this.plan.cluster.outlier;
    const kind: OutlierOutcome =
      outcome.kind === "connect-failure" ? "connect-failure" : isEndpointFailure(outcome) ? "failure" : "ok";
    if (kind === "ok" && isClean(h.outlier)) return; // the common case
    const now = performance.now();
    const all = this.balancer.handles;
    let out = 0;
    for (const x of all) if (ejected(x, now)) out++;
    if (recordOutcome(h.outlier, kind, now, spec, out, all.length)) {
      this.rt.policyCounters.ejected(this.plan.cluster.key);
      this.rt.log.info("outlier detection: endpoint ejected", {
        service: this.plan.cluster.key,
        endpoint: h.key,
        forMs: Math.round(h.outlier.ejectedUntilMs - now),
      });
    }
  }
}
