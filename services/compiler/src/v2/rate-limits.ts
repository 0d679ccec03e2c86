import { policyTargets } from "@trellis/protocol/resources";
import type { RateLimitV2, VirtualHostV2 } from "@trellis/protocol/snapshot/v2";
import { type Parsed, serviceKey } from "./resources.ts";
import { msOf } from "./units.ts";

/**
 * Every RateLimit placed on the inbound side of the services it limits, by service key. A
 * limit on a service is that service's; a limit on a route (in the policy's namespace,
 * GEP-713) lands on each service the
 * route's backends name (where its requests arrive), scoped by label: one entry per label
 * of the route, all with the route's stateKey, so the route keeps one bucket however many
 * rules it has. Several limits on one thing all apply.
 */
export function rateLimitsByService(
  limits: readonly Parsed<"RateLimit">[],
  virtualHosts: readonly VirtualHostV2[],
): Map<string, RateLimitV2[]> {
  const out = new Map<string, RateLimitV2[]>();
  const put = (key: string, rl: RateLimitV2) => out.set(key, [...(out.get(key) ?? []), rl]);
  for (const p of limits) {
    const targets = policyTargets(p.spec);
    targets.forEach((t, i) => {
      // Each target of a GEP-713 policy is limited on its own: a bucket per target.
      const stateKey = `rl:${p.namespace}/${p.name}@${p.generation}${targets.length > 1 ? `#${i}` : ""}`;
      if (t.kind === "Service") {
        put(serviceKey(t.namespace, t.name), rateLimitOf(p, stateKey, undefined));
        return;
      }
      const labels = new Map<string, Set<string>>();
      for (const vh of virtualHosts)
        for (const r of vh.routes) {
          const src = r.source;
          if (src.kind !== t.kind || src.name !== t.name || src.namespace !== p.namespace) continue;
          if (r.action.type !== "forward") continue;
          for (const b of r.action.backends)
            labels.set(b.cluster, (labels.get(b.cluster) ?? new Set()).add(r.label));
        }
      for (const [key, set] of labels)
        for (const label of [...set].sort()) put(key, rateLimitOf(p, stateKey, label));
    });
  }
  return out;
}

function rateLimitOf(p: Parsed<"RateLimit">, stateKey: string, route: string | undefined): RateLimitV2 {
  return {
    source: { kind: "RateLimit", name: p.name, namespace: p.namespace },
    stateKey,
    ...(route ? { route } : {}),
    requests: p.spec.requests,
    perMs: msOf(p.spec.per),
    burst: p.spec.burst ?? p.spec.requests,
    perClientIdentity: p.spec.perClientIdentity,
  };
}
