import type { Table } from "../routing/types.ts";
import { AdmissionGate, type AdmissionLimits } from "./admission.ts";
import type { RateLimit } from "./inbound-types.ts";
import { RetryBudget } from "./retry-budget.ts";
import { KeyedBuckets, TokenBucket } from "./token-bucket.ts";
import type { Retry } from "./types.ts";

/** At most this many per-client buckets per rate limit (least recently used evicted). */
export const maxClientBuckets = 10_000;

type Limiter = { shared: TokenBucket | undefined; perClient: KeyedBuckets | undefined };

/**
 * The mutable side of policies, kept across snapshot swaps: retry budgets (per policy
 * and destination cluster), token buckets (per rate limit, optionally per client) and
 * circuit-breaker gates (per cluster). State is keyed by the snapshot's `stateKey`, which
 * changes with the policy, so an edited policy starts afresh and an untouched one keeps
 * its counts; `retain` drops the state of policies that are gone.
 */
export class PolicyState {
  private readonly budgets = new Map<string, RetryBudget>();
  private readonly limiters = new Map<string, Limiter>();
  private readonly gates = new Map<string, AdmissionGate>();
  budget(policy: Retry, destination: string, nowMs: number): RetryBudget {
    const key = `${policy.stateKey}|${destination}`;
    let b = this.budgets.get(key);
    if (!b) {
      b = new RetryBudget(policy.budget, nowMs);
      this.budgets.set(key, b);
    }
    return b;
  }

  /** Takes a token of `rl` for `clientId`; on refusal, the ms until one is there. */
  take(rl: RateLimit, clientId: string, nowMs: number): { ok: true } | { ok: false; retryAfterMs: number } {
    let l = this.limiters.get(rl.stateKey);
    if (!l) {
      const make = (now: number) => new TokenBucket(rl.requests, rl.perMs, rl.burst, now);
      l = rl.perClientIdentity
        ? { shared: undefined, perClient: new KeyedBuckets(make, maxClientBuckets) }
        : { shared: make(nowMs), perClient: undefined };
      this.limiters.set(rl.stateKey, l);
    }
    const bucket = l.shared ?? l.perClient!.get(clientId, nowMs);
    return bucket.take(nowMs);
  }

  /** The gate of a destination cluster, created or updated to `limits`. */
  gate(clusterKey: string, limits: AdmissionLimits): AdmissionGate {
    let g = this.gates.get(clusterKey);
    if (!g) {
      g = new AdmissionGate(limits);
      this.gates.set(clusterKey, g);
    } else if (g.limits !== limits) {
      g.limits = limits;
    }
    return g;
  }

  /** Drops state of policies no longer in `table` (requests holding old state finish normally). */
  retain(table: Table): void {
    for (const key of this.budgets.keys()) {
      if (!table.stateKeys.has(key.slice(0, key.indexOf("|")))) this.budgets.delete(key);
    }
    for (const key of this.limiters.keys()) if (!table.stateKeys.has(key)) this.limiters.delete(key);
    for (const key of this.gates.keys()) if (!table.clusters.get(key)?.limits) this.gates.delete(key);
  }
}
