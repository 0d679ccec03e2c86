import type { CompiledRetry } from "../../../policy/types.ts";
import { type BodySource, ReplayBody, StreamBody } from "../../../proxy/body.ts";
import type { Downstream } from "../../../proxy/downstream.ts";
import { MeshDispatch } from "../dispatch.ts";
import { attached } from "./attached.ts";
import type { OutboundHandler } from "./types.ts";

/**
 * The innermost handler: the retrying dispatch to the backend's endpoints under the
 * attached RetryPolicy, with the route's backend timeout and the breaker's outlier
 * detection.
 */
export const dispatch: OutboundHandler = (call) => {
  const { rt, ex, r } = call;
  const { rule, table, backend } = r;
  const retryPolicy = attached(table.policies.retries, r);
  const retry = retryPolicy
    ? { policy: retryPolicy, budget: rt.policyState.budget(retryPolicy, backend.key, performance.now()) }
    : undefined;
  new MeshDispatch(rt, ex, {
    up: call.up!,
    backend,
    balancer: rt.balancers.get(backend.key)!,
    body: requestBody(ex.ds, retryPolicy),
    retry,
    perTryTimeoutMs: minPositive(retryPolicy?.perTryTimeoutMs ?? 0, rule?.backendTimeoutMs ?? 0),
    outlier: table.policies.breakers.get(backend.key)?.outlier,
    responseHeaders: rule?.filters.responseHeaders,
    faultLabel: call.faultLabel,
  }).start();
};

function requestBody(ds: Downstream, retry: CompiledRetry | undefined): BodySource | undefined {
  if (!ds.hasBody) return undefined;
  if (!retry || retry.maxReplayBodyBytes === 0) return new StreamBody(ds.body);
  const length = Number(ds.headers["content-length"] ?? Number.NaN);
  if (length > retry.maxReplayBodyBytes) return new StreamBody(ds.body);
  return new ReplayBody(ds.body, retry.maxReplayBodyBytes);
}

function minPositive(a: number, b: number): number {
  if (a <= 0) return b;
  if (b <= 0) return a;
  return Math.min(a, b);
}
