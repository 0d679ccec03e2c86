import type { ConfigSnapshotV2, InboundV2 } from "@trellis/protocol/snapshot/v2";
import { type AuthorizationPolicyRuntime, indexAuthorizationPolicy } from "./authz.ts";
import type { Inbound, RateLimit } from "./inbound-types.ts";
import type { JwksCache } from "./jwt.ts";

/** Who this proxy is, to find the services it serves. */
export type InboundSelf = { service: string; namespace: string; spiffeId: string | undefined };

/**
 * The inbound side of a snapshot for this proxy: the policies and limits of the services
 * it serves, merged (one policy targeting two of them counts once). Every service's
 * policies are indexed, served or not, so a policy that cannot be enforced is NACKed by
 * every proxy alike. Pass-through needs every served service to allow it.
 */
export function indexInbound(s: ConfigSnapshotV2, self: InboundSelf, jwks: JwksCache): Inbound {
  const served = servedServices(s, self);
  const deny = new Map<string, AuthorizationPolicyRuntime>();
  const allow = new Map<string, AuthorizationPolicyRuntime>();
  const rateLimits = new Map<string, { limit: RateLimit; route: string | undefined }>();
  let defaultAllow: boolean | undefined;
  let passThrough = true;
  let ownSeen = false;
  for (const entry of s.inbound) {
    const indexed = entry.policies.map((p) => indexAuthorizationPolicy(p, jwks));
    const key = `${entry.service.namespace}/${entry.service.name}`;
    defaultAllow ??= entry.defaultAction === "allow";
    if (!served.has(key)) continue;
    if (key === `${self.namespace}/${self.service}`) ownSeen = true;
    defaultAllow = entry.defaultAction === "allow";
    passThrough &&= entry.l4PassThrough;
    for (const p of indexed) (p.action === "DENY" ? deny : allow).set(p.name, p);
    for (const rl of entry.rateLimits) rateLimits.set(`${rl.stateKey}|${rl.route ?? ""}`, rateLimitOf(rl));
  }
  const allowDefault = defaultAllow ?? true;
  return {
    served,
    deny: [...deny.values()],
    allow: [...allow.values()],
    defaultAllow: allowDefault,
    authorizes: deny.size > 0 || allow.size > 0 || !allowDefault,
    rateLimits: [...rateLimits.values()],
    // Unknown to the snapshot (not discovered yet): HTTP, the careful choice.
    l4PassThrough: ownSeen && passThrough,
  };
}

function rateLimitOf(rl: InboundV2["rateLimits"][number]): { limit: RateLimit; route: string | undefined } {
  return {
    limit: {
      name: `${rl.source.namespace ? `${rl.source.namespace}/` : ""}${rl.source.name}`,
      stateKey: rl.stateKey,
      requests: rl.requests,
      perMs: rl.perMs,
      burst: rl.burst,
      perClientIdentity: rl.perClientIdentity,
    },
    route: rl.route,
  };
}

/** Its own service, plus every service listing an endpoint with this proxy's identity. */
function servedServices(s: ConfigSnapshotV2, self: InboundSelf): Set<string> {
  const served = new Set([`${self.namespace}/${self.service}`]);
  const id = self.spiffeId;
  if (!id) return served;
  for (const c of s.clusters)
    if (c.endpoints.some((e) => e.identity === id)) served.add(`${c.service.namespace}/${c.service.name}`);
  return served;
}
