import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { Balancer, EndpointHandle } from "../../balance/balancer.ts";
import { ejected } from "../../balance/balancer.ts";
import { applyHeaderModifier, type HeaderModifier } from "../../filters/header-modifier.ts";
import { endToEndHeaders, proxyErrorHeader } from "../../http/hop-by-hop.ts";
import type { DenyReason } from "../../metrics/edges.ts";
import { type OutlierSpec, recordOutcome } from "../../policy/outlier.ts";
import type { RetryBudget } from "../../policy/retry-budget.ts";
import { backoffMs } from "../../policy/retry-budget.ts";
import {
  type AttemptOutcome,
  isEndpointFailure,
  matchesRetryOn,
  retrySafety,
} from "../../policy/retry-decision.ts";
import { defaultFailureAccrual, safeRetry, sameEndpointBackoffMs } from "../../policy/safe-retry.ts";
import type { CompiledRetry } from "../../policy/types.ts";
import type { BodySource } from "../../proxy/body.ts";
import type { AttemptHooks, Exchange } from "../../proxy/exchange.ts";
import { sendH1 } from "../../proxy/forward-h1.ts";
import { sendH2 } from "../../proxy/forward-h2.ts";
import type { UpstreamRequest } from "../../proxy/upstream-request.ts";
import type { CompiledService } from "../../routing/types.ts";
import type { Runtime } from "../runtime.ts";

const refusalReasons: Record<string, DenyReason> = {
  unauthorized: "authz",
  unauthenticated: "jwt",
  "rate-limited": "rate_limit",
};

export type DispatchPlan = {
  up: UpstreamRequest;
  backend: CompiledService;
  balancer: Balancer;
  body: BodySource | undefined;
  retry: { policy: CompiledRetry; budget: RetryBudget } | undefined;
  /** Per attempt: min(RetryPolicy perTryTimeout, route backendRequest); 0 = none. */
  perTryTimeoutMs: number;
  outlier: OutlierSpec | undefined;
  responseHeaders: HeaderModifier | undefined;
  /** Set on the response when a fault delayed the request (`x-trellis-fault`). */
  faultLabel: string | undefined;
};

/**
 * Sends an outbound exchange to the endpoints of its backend: one attempt, or several.
 * Each attempt picks an endpoint (P2C skips ejected, draining and gone ones), feeds the
 * balancer its latency and outlier detection its outcome. An attempt that never
 * reached the server is always sent again (safe-retry.ts: another endpoint first,
 * bounded in time and budget); under a RetryPolicy a response the policy would retry
 * is dropped and the request replayed after a jittered backoff — while the attempts,
 * the budget and a replayable body last. Otherwise the last outcome is the client's.
 * Retries only happen before anything went downstream.
 */
export class MeshDispatch implements AttemptHooks {
  private attempt = 0;
  private safeRetries = 0;
  private attemptStartMs = 0;
  private handle: EndpointHandle | undefined;
  /** Endpoints that failed to connect for this request (a safe retry avoids them). */
  private failed: EndpointHandle[] | undefined;
  private timer: NodeJS.Timeout | undefined;
  private cancelAttempt: (() => void) | undefined;
  private readonly safety: "any" | "connect-only" | "none";
  private readonly safeBudget: RetryBudget;

  constructor(
    private readonly rt: Runtime,
    private readonly ex: Exchange,
    private readonly plan: DispatchPlan,
  ) {
    const r = plan.retry;
    const now = performance.now();
    this.safety = r ? retrySafety(plan.up.method, ex.ds.isGrpc, r.policy) : "none";
    if (r) r.budget.deposit(now);
    this.safeBudget = rt.policyState.safeRetryBudget(plan.backend.key, now);
    this.safeBudget.deposit(now);
    if (r || plan.perTryTimeoutMs > 0) ex.onFinish(() => clearTimeout(this.timer));
  }

  start(): void {
    this.send(undefined);
  }

  private send(chosen: EndpointHandle | undefined): void {
    const { ex, plan, rt } = this;
    const handle = chosen ?? plan.balancer.pick();
    if (!handle) {
      ex.fail("no-endpoints", `service ${plan.backend.key} has no ready endpoints`);
      return;
    }
    ex.useEndpoint(handle, plan.balancer);
    this.handle = handle;
    this.attemptStartMs = performance.now();
    const ep = handle.endpoint;
    this.cancelAttempt =
      ex.ds.protocol === "h2"
        ? sendH2(ex, rt.meshPools.session(ep), plan.up, plan.body, this)
        : sendH1(
            ex,
            { pool: rt.meshPools.h1(ep), host: ep.address, port: ep.port },
            plan.up,
            plan.body,
            this,
          );
    ex.cancelUpstream = () => {
      clearTimeout(this.timer);
      this.cancelAttempt?.();
    };
    if (plan.perTryTimeoutMs > 0) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.onTimeout(), plan.perTryTimeoutMs);
    }
  }

  onResponse(status: number, headers: IncomingHttpHeaders): boolean {
    const rtt = performance.now() - this.attemptStartMs;
    if (this.handle) this.plan.balancer.observe(this.handle, rtt);
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
    if (this.handle && kind === "upstream-connect") this.plan.balancer.observe(this.handle, 1000);
    const outcome: AttemptOutcome = { kind: kind === "upstream-connect" ? "connect-failure" : "reset" };
    this.recordOutlier(outcome);
    if (replaySafe && this.retrySafely()) return;
    if (!this.retryAfter(outcome)) this.ex.fail(kind, detail);
  }

  /**
   * The retry every request gets when its attempt never reached the server: another
   * endpoint at once when there is one, else the same after a short backoff, within
   * the bound and the default budget. False when none is left.
   */
  private retrySafely(): boolean {
    const { ex, plan } = this;
    if (ex.finished || (plan.body && !plan.body.replayable)) return false;
    const now = performance.now();
    const remainingMs = safeRetry.boundMs - (now - ex.startMs);
    if (remainingMs <= 0) {
      ex.edge.retry("bound_exceeded");
      return false;
    }
    this.safeRetries++;
    const failed = this.failed ?? [];
    this.failed = failed;
    if (this.handle) failed.push(this.handle);
    const other = plan.balancer.pickOther(failed);
    // Moving load to another endpoint takes from the budget; waiting for the only one
    // (it restarts) does not — the bound and the backoff limit that, and a refused
    // connection costs the server nothing.
    if (other && !this.safeBudget.withdraw(now)) {
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
        if (!ex.finished) this.send(again);
      },
      sameEndpointBackoffMs(this.safeRetries, remainingMs),
    );
    ex.cancelUpstream = () => clearTimeout(timer);
    return true;
  }

  downstreamHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
    const out = endToEndHeaders(headers);
    if (this.plan.responseHeaders) applyHeaderModifier(out, this.plan.responseHeaders);
    if (this.plan.faultLabel) out["x-trellis-fault"] = this.plan.faultLabel;
    return out;
  }

  private onTimeout(): void {
    const { ex } = this;
    if (ex.finished) return;
    if (ex.ds.headersSent) {
      ex.fail("timeout", `response not complete within the ${this.plan.perTryTimeoutMs}ms backend timeout`);
      return;
    }
    this.cancelAttempt?.();
    if (this.handle) this.plan.balancer.observe(this.handle, performance.now() - this.attemptStartMs);
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
    this.ex.cancelUpstream = () => clearTimeout(timer);
    return true;
  }

  /** Outlier detection of the CircuitBreaker, else the default failure accrual (connect failures only). */
  private recordOutlier(outcome: AttemptOutcome): void {
    const h = this.handle;
    if (!h) return;
    const spec = this.plan.outlier ?? defaultFailureAccrual;
    const ok = this.plan.outlier ? !isEndpointFailure(outcome) : outcome.kind !== "connect-failure";
    if (ok && h.outlier.consecutiveFailures === 0 && h.outlier.ejections === 0) return; // the common case
    const now = performance.now();
    const all = this.plan.balancer.handles;
    let out = 0;
    for (const x of all) if (ejected(x, now)) out++;
    if (recordOutcome(h.outlier, ok, now, spec, out, all.length)) {
      this.rt.policyCounters.ejected(this.plan.backend.key);
      this.rt.log.info("outlier detection: endpoint ejected", {
        service: this.plan.backend.key,
        endpoint: h.key,
        forMs: Math.round(h.outlier.ejectedUntilMs - now),
      });
    }
  }
}
