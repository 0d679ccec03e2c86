/** A backend of a route rule, as much of it as the canary slider touches. */
interface BackendLike {
  name: string;
  weight?: number;
}
interface RuleLike {
  backendRefs?: BackendLike[];
}
export interface RouteSpecLike {
  rules: RuleLike[];
}

export interface CanaryRule {
  ruleIndex: number;
  stable: string;
  canary: string;
  /** Share of traffic the canary backend gets, 0–100. */
  canaryPercent: number;
}

/**
 * The first rule that splits traffic between two or more backends: the first backend is
 * the stable one, the last the canary. Null when the route does not split. Pure.
 */
export function findCanary(spec: RouteSpecLike): CanaryRule | null {
  for (const [ruleIndex, rule] of spec.rules.entries()) {
    const backends = rule.backendRefs ?? [];
    if (backends.length < 2) continue;
    const weights = backends.map((b) => b.weight ?? 1);
    const total = weights.reduce((a, b) => a + b, 0);
    const canaryWeight = weights[weights.length - 1]!;
    return {
      ruleIndex,
      stable: backends[0]!.name,
      canary: backends[backends.length - 1]!.name,
      canaryPercent: total === 0 ? 0 : Math.round((canaryWeight / total) * 100),
    };
  }
  return null;
}

/**
 * The spec with the canary rule's weights set to `percent` for the canary and the rest to
 * the stable backend (weights in percent; backends in between get 0). Does not mutate.
 */
export function withCanaryPercent<T extends RouteSpecLike>(spec: T, ruleIndex: number, percent: number): T {
  const p = Math.min(100, Math.max(0, Math.round(percent)));
  const rules = spec.rules.map((rule, i) => {
    if (i !== ruleIndex) return rule;
    const backends = rule.backendRefs ?? [];
    return {
      ...rule,
      backendRefs: backends.map((b, j) => ({
        ...b,
        weight: j === 0 ? 100 - p : j === backends.length - 1 ? p : 0,
      })),
    };
  });
  return { ...spec, rules };
}
