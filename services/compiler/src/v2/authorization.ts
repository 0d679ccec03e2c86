import type { AuthzPolicyV2 } from "@trellis/protocol/snapshot/v2";
import { principalsOf } from "./principals.ts";
import type { Parsed } from "./resources.ts";

/** Route labels by `<namespace>/<name>` and `*\/<name>` (see inbound.ts `labelsByName`). */
export type RouteLabels = ReadonlyMap<string, readonly string[]>;

/**
 * An AuthorizationPolicy for a service's inbound side. `to.routes` names routes or rules
 * (as the API says); the data plane sees route labels, so each name becomes the labels of
 * every route entry of that route name or rule name — in the policy's own namespace (names
 * are local, GEP-713), else, when that namespace has none, in any. A name no route carries
 * stays as written: it matches no label, as it matched no route before.
 */
export function authorizationOf(
  p: Parsed<"AuthorizationPolicy">,
  mesh: { name: string; trustDomain: string },
  labelsByName: RouteLabels,
): AuthzPolicyV2 {
  const labels = (name: string) =>
    labelsByName.get(`${p.namespace}/${name}`) ?? labelsByName.get(`*/${name}`) ?? [name];
  const { jwt } = p.spec;
  return {
    source: { kind: "AuthorizationPolicy", name: p.name, namespace: p.namespace },
    action: p.spec.action,
    rules: p.spec.rules.map((r) => ({
      from: principalsOf(r.from, mesh),
      to: (r.to ?? []).map((t) => ({
        paths: (t.paths ?? []).map((x) => ({ type: x.type, value: x.value })),
        methods: [...(t.methods ?? [])],
        routes: [...new Set((t.routes ?? []).flatMap(labels))].sort(),
      })),
    })),
    ...(jwt
      ? {
          jwt: {
            issuer: jwt.issuer,
            audiences: [...jwt.audiences],
            ...(jwt.jwks ? { jwks: jwt.jwks } : {}),
            ...(jwt.jwksUri ? { jwksUri: jwt.jwksUri } : {}),
            claims: (jwt.claims ?? []).map((c) => ({ name: c.name, values: [...c.values] })),
          },
        }
      : {}),
  };
}

/** Whether a policy needs the HTTP request (a path, method or route rule, or a JWT). */
export function needsHttp(p: AuthzPolicyV2): boolean {
  return p.jwt !== undefined || p.rules.some((r) => r.to.length > 0);
}
