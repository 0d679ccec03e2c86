import type { AuthzPolicyV2, InboundV2 } from "@trellis/protocol/snapshot/v2";
import { type TranslateContext, typed } from "./context.ts";
import { routeHeader } from "./route-action.ts";

type Json = Record<string, unknown>;
type Rule = AuthzPolicyV2["rules"][number];

export const jwtFilterName = "envoy.filters.http.jwt_authn";

/** The jwt_authn provider name of a policy (its payload lands in metadata under it). */
export function jwtProviderName(p: AuthzPolicyV2): string {
  return `${p.source.namespace ? `${p.source.namespace}/` : ""}${p.source.name}`;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const anyOf = (key: "or_ids" | "or_rules", items: Json[], none: Json): Json =>
  items.length === 0
    ? none
    : items.length === 1
      ? items[0]!
      : { [key]: { [key === "or_ids" ? "ids" : "rules"]: items } };

/** `from` → one Envoy Principal: exact / prefix SPIFFE ids of the verified peer certificate. */
function principalOf(from: Rule["from"]): Json {
  const ids: Json[] = [
    ...from.exact.map((id) => ({ authenticated: { principal_name: { exact: id } } })),
    ...from.prefixes.map((p) => ({ authenticated: { principal_name: { prefix: p } } })),
    ...(from.unauthenticated ? [{ not_id: { authenticated: {} } }] : []),
  ];
  return anyOf("or_ids", ids, { not_id: { any: true } });
}

/** `to` → one Envoy Permission: any entry; within one, paths, methods and route labels must all hold. */
function permissionOf(to: Rule["to"]): Json {
  const entries = to.map((t) => {
    const groups: Json[] = [];
    const paths = t.paths.map((p) => ({
      url_path: {
        path:
          p.type === "Exact"
            ? { exact: p.value }
            : p.type === "PathPrefix"
              ? { prefix: p.value }
              : { safe_regex: { regex: p.value } },
      },
    }));
    const methods = t.methods.map((m) => ({ header: { name: ":method", string_match: { exact: m } } }));
    const routes = t.routes.map((label) => ({
      header: { name: routeHeader, string_match: { safe_regex: { regex: `^[^/]+/${escapeRegex(label)}$` } } },
    }));
    for (const g of [paths, methods, routes])
      if (g.length > 0) groups.push(anyOf("or_rules", g, { any: true }));
    return groups.length === 0
      ? { any: true }
      : groups.length === 1
        ? groups[0]!
        : { and_rules: { rules: groups } };
  });
  return anyOf("or_rules", entries, { any: true });
}

/** A JWT requirement as principals over the payload jwt_authn verified and put in metadata. */
function jwtPrincipals(p: AuthzPolicyV2): Json[] {
  if (!p.jwt) return [];
  const claim = (path: string[], value: string): Json => ({
    metadata: {
      filter: jwtFilterName,
      path: [jwtProviderName(p), ...path].map((key) => ({ key })),
      value: { string_match: { exact: value } },
    },
  });
  const listClaim = (name: string, value: string): Json => ({
    metadata: {
      filter: jwtFilterName,
      path: [{ key: jwtProviderName(p) }, { key: name }],
      value: { list_match: { one_of: { string_match: { exact: value } } } },
    },
  });
  return [
    claim(["iss"], p.jwt.issuer),
    ...p.jwt.claims.map((c) =>
      anyOf(
        "or_ids",
        c.values.flatMap((v) => [claim([c.name], v), listClaim(c.name, v)]),
        { not_id: { any: true } },
      ),
    ),
  ];
}

function policiesOf(policies: AuthzPolicyV2[], ctx: TranslateContext): Json {
  const out: Json = {};
  for (const p of policies) {
    if (p.jwt && ctx.profile.kind !== "envoy")
      ctx.notes.add("JWT requirements cannot be checked by proxyless gRPC servers: such rules match nobody");
    p.rules.forEach((rule, i) => {
      const principal = principalOf(rule.from);
      const jwt = jwtPrincipals(p);
      out[`${p.source.kind}/${jwtProviderName(p)}/${i}`] = {
        permissions: [permissionOf(rule.to)],
        principals: [jwt.length > 0 ? { and_ids: { ids: [principal, ...jwt] } } : principal],
      };
    });
  }
  return out;
}

/**
 * A service's authorization as RBAC filters, in order: the DENY policies, then the ALLOW
 * policies — or, with none, an ALLOW filter with no policy when the default is deny. Empty
 * when nothing is enforced. `network` gives the L4 filter (for pass-through).
 */
export function rbacFilters(inbound: InboundV2, ctx: TranslateContext, network = false): Json[] {
  const deny = inbound.policies.filter((p) => p.action === "DENY");
  const allow = inbound.policies.filter((p) => p.action === "ALLOW");
  const filter = (name: string, action: "ALLOW" | "DENY", policies: AuthzPolicyV2[]): Json => ({
    name,
    typed_config: {
      "@type": typed(`envoy.extensions.filters.${network ? "network" : "http"}.rbac.v3.RBAC`),
      ...(network ? { stat_prefix: "inbound_rbac" } : {}),
      rules: { action, policies: policiesOf(policies, ctx) },
    },
  });
  const out: Json[] = [];
  if (deny.length > 0) out.push(filter("trellis.rbac.deny", "DENY", deny));
  if (allow.length > 0 || inbound.defaultAction === "deny")
    out.push(filter("trellis.rbac.allow", "ALLOW", allow));
  return out;
}
