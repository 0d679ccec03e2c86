import type { AuthzPolicyV2 } from "@trellis/protocol/snapshot/v2";
import { principalsOf } from "./principals.ts";
import type { Parsed } from "./resources.ts";

/**
 * An AuthorizationPolicy for a service's inbound side. `to.routes` names routes or rules
 * (as the API says); the data plane sees route labels, so each name becomes the labels of
 * every route entry of that route name or rule name (`labelsByName`). A name no route
 * carries stays as written: it matches no label, as it matched no route before.
 */
export function authorizationOf(
  p: Parsed<"AuthorizationPolicy">,
  mesh: { name: string; trustDomain: string },
  labelsByName: ReadonlyMap<string, readonly string[]>,
): AuthzPolicyV2 {
  const { jwt } = p.spec;
  return {
    source: { kind: "AuthorizationPolicy", name: p.name },
    action: p.spec.action,
    rules: p.spec.rules.map((r) => ({
      from: principalsOf(r.from, mesh),
      to: (r.to ?? []).map((t) => ({
        paths: (t.paths ?? []).map((x) => ({ type: x.type, value: x.value })),
        methods: [...(t.methods ?? [])],
        routes: [...new Set((t.routes ?? []).flatMap((name) => labelsByName.get(name) ?? [name]))].sort(),
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
