import type { ResourceStatus } from "@trellis/protocol/tunnel";

/** metav1.Condition as it sits in a status. */
export interface KubeCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration: number;
  lastTransitionTime: string;
}

/** How Trellis names itself in a Gateway API route's `status.parents[].controllerName`. */
export const controllerName = "trellis.dev/mesh";

type ParentStatus = {
  parentRef: Record<string, unknown>;
  controllerName: string;
  conditions: KubeCondition[];
};

/**
 * The `status` to write for an object, or null when what it holds already says the same.
 * trellis.dev kinds carry `status.{observedGeneration, conditions}`. Gateway API routes
 * carry conditions per parent (RouteStatus): Trellis writes one entry per spec.parentRef
 * under its controllerName and keeps other controllers' entries untouched. A condition
 * keeps its lastTransitionTime while its status stays, as metav1.Condition requires. Pure.
 */
export function nextStatus(
  obj: { apiVersion?: string; spec?: unknown; status?: unknown },
  answer: ResourceStatus,
  now: string,
): Record<string, unknown> | null {
  const observedGeneration = Number(answer.observedGeneration);
  const status = (obj.status ?? {}) as {
    conditions?: unknown;
    parents?: unknown;
    observedGeneration?: unknown;
  };
  if (!obj.apiVersion?.startsWith("gateway.networking.k8s.io/")) {
    const held = asConditions(status.conditions);
    const conditions = merged(held, answer, observedGeneration, now);
    if (status.observedGeneration === observedGeneration && sameConditions(held, conditions)) return null;
    return { observedGeneration, conditions };
  }
  const parents = Array.isArray(status.parents) ? (status.parents as ParentStatus[]) : [];
  const others = parents.filter((p) => p.controllerName !== controllerName);
  const ours = parents.filter((p) => p.controllerName === controllerName);
  const refs = ((obj.spec as { parentRefs?: Record<string, unknown>[] } | undefined)?.parentRefs ?? []).map(
    (ref) => ({ ...ref }),
  );
  const next: ParentStatus[] = refs.map((parentRef) => {
    const held = asConditions(ours.find((p) => sameRef(p.parentRef, parentRef))?.conditions);
    return { parentRef, controllerName, conditions: merged(held, answer, observedGeneration, now) };
  });
  const same =
    ours.length === next.length &&
    next.every(
      (p, i) =>
        sameRef(ours[i]!.parentRef, p.parentRef) &&
        sameConditions(asConditions(ours[i]!.conditions), p.conditions),
    );
  return same ? null : { parents: [...others, ...next] };
}

function merged(held: KubeCondition[], answer: ResourceStatus, observedGeneration: number, now: string) {
  return answer.conditions.map((c) => {
    const before = held.find((h) => h.type === c.type);
    return {
      type: c.type,
      status: c.status,
      // The API server refuses an empty reason (minLength 1).
      reason: c.reason || c.type,
      message: c.message,
      observedGeneration,
      lastTransitionTime: before && before.status === c.status ? before.lastTransitionTime : now,
    };
  });
}

function sameConditions(a: KubeCondition[], b: KubeCondition[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]!;
      return (
        x.type === y.type &&
        x.status === y.status &&
        x.reason === y.reason &&
        x.message === y.message &&
        x.observedGeneration === y.observedGeneration
      );
    })
  );
}

const sameRef = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

function asConditions(list: unknown): KubeCondition[] {
  return Array.isArray(list) ? (list as KubeCondition[]) : [];
}
