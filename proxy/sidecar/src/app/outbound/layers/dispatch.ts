import type { Retry } from "../../../policy/types.ts";
import { type BodySource, ReplayBody, StreamBody } from "../../../proxy/body.ts";
import type { Downstream } from "../../../proxy/downstream.ts";
import { MeshDispatch } from "../dispatch.ts";
import type { OutboundHandler } from "./types.ts";

/**
 * The innermost handler: the retrying dispatch to the backend cluster's endpoints under
 * the route's retry, with the route's backend timeout and the cluster's outlier
 * detection.
 */
export const dispatch: OutboundHandler = (call) => {
  const { rt, ex, r } = call;
  const { forward, backend } = r;
  const cluster = backend.cluster;
  const policy = forward.retry;
  const retry = policy
    ? { policy, budget: rt.policyState.budget(policy, cluster.key, performance.now()) }
    : undefined;
  new MeshDispatch(rt, ex, {
    up: call.up!,
    cluster,
    balancer: rt.balancers.get(cluster.key)!,
    body: requestBody(ex.ds, policy),
    retry,
    perTryTimeoutMs: minPositive(policy?.perTryTimeoutMs ?? 0, forward.backendRequestTimeoutMs),
    responseFilters: [forward.filters.responseHeaders, backend.filters?.responseHeaders],
    cors: forward.cors,
    session: forward.session ? { persistence: forward.session, pinned: r.session } : undefined,
    faultLabel: call.faultLabel,
  }).start();
};

function requestBody(ds: Downstream, retry: Retry | undefined): BodySource | undefined {
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
