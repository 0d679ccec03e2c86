import type { AuthzPolicyV2 } from "@trellis/protocol/snapshot/v2";
import { pathTest } from "../routing/match.ts";
import { type CompiledJwt, indexJwt, type JwksCache } from "./jwt.ts";

/**
 * AuthorizationPolicy evaluation (inbound, per served service), after Istio's order: any
 * matching DENY policy refuses; then, when ALLOW policies exist, the request must match a
 * rule of one of them (and satisfy its JWT requirement); with no ALLOW policy the mesh
 * default decides. The snapshot resolved who a rule admits into exact SPIFFE ids and
 * prefixes (namespaces, `/*` ids and this mesh are prefixes), so a source matches by a set
 * lookup and a few `startsWith`. A rule matches when its source does and, if it has
 * destinations, one of them does: paths, methods and route labels all given must hold. A
 * connection with no HTTP request (opaque TCP, L4 pass-through) matches only rules
 * without destinations.
 */
export type AuthzRequest = {
  clientId: string | undefined;
  /** Undefined for a connection with no HTTP request. */
  http: { method: string; path: string; route: string | undefined } | undefined;
};

type Source = { exact: ReadonlySet<string>; prefixes: readonly string[]; unauthenticated: boolean };

type Destination = {
  paths: readonly ((path: string) => boolean)[] | undefined;
  methods: ReadonlySet<string> | undefined;
  routes: ReadonlySet<string> | undefined;
};

export type AuthorizationPolicyRuntime = {
  name: string;
  action: "ALLOW" | "DENY";
  rules: readonly { from: Source; to: readonly Destination[] | undefined }[];
  jwt: CompiledJwt | undefined;
};

/**
 * A snapshot policy made ready to evaluate: regular expressions compiled, the JWKS found.
 * Throws (the snapshot is NACKed) on what cannot be enforced: a regular expression that
 * does not compile, a JWT requirement on a DENY policy, an http `jwksUri`.
 */
export function indexAuthorizationPolicy(p: AuthzPolicyV2, jwks: JwksCache): AuthorizationPolicyRuntime {
  const name = `${p.source.namespace ? `${p.source.namespace}/` : ""}${p.source.name}`;
  const where = `AuthorizationPolicy ${name}`;
  if (p.jwt && p.action === "DENY")
    throw new Error(`${where}: a JWT requirement only makes sense on an ALLOW policy`);
  return {
    name,
    action: p.action,
    rules: p.rules.map((rule, r) => ({
      from: {
        exact: new Set(rule.from.exact),
        prefixes: rule.from.prefixes,
        unauthenticated: rule.from.unauthenticated,
      },
      to:
        rule.to.length > 0
          ? rule.to.map((t, i) => destination(t, `${where} rules[${r}].to[${i}]`))
          : undefined,
    })),
    jwt: p.jwt ? indexJwt(p.jwt, where, jwks) : undefined,
  };
}

function destination(t: AuthzPolicyV2["rules"][number]["to"][number], where: string): Destination {
  let paths: ((p: string) => boolean)[];
  try {
    paths = t.paths.map((p) => pathTest(p.type, p.value));
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`);
  }
  return {
    paths: paths.length ? paths : undefined,
    methods: t.methods.length ? new Set(t.methods) : undefined,
    routes: t.routes.length ? new Set(t.routes) : undefined,
  };
}

function sourceMatches(s: Source, clientId: string | undefined): boolean {
  if (clientId === undefined) return s.unauthenticated;
  if (s.exact.has(clientId)) return true;
  for (const p of s.prefixes) if (clientId.startsWith(p)) return true;
  return false;
}

function destinationMatches(d: Destination, http: AuthzRequest["http"]): boolean {
  if (!http) return false;
  if (d.methods && !d.methods.has(http.method)) return false;
  if (d.paths && !d.paths.some((t) => t(http.path))) return false;
  if (d.routes && (http.route === undefined || !d.routes.has(http.route))) return false;
  return true;
}

export function policyMatches(p: AuthorizationPolicyRuntime, req: AuthzRequest): boolean {
  for (const rule of p.rules) {
    if (!sourceMatches(rule.from, req.clientId)) continue;
    if (!rule.to || rule.to.some((d) => destinationMatches(d, req.http))) return true;
  }
  return false;
}

export type AuthzDecision =
  | { kind: "allow"; policy: string | undefined }
  | { kind: "deny"; reason: string }
  /** Allowed only with a valid token for one of these requirements. */
  | { kind: "jwt"; requirements: readonly { policy: string; jwt: CompiledJwt }[] };

export function authorize(
  req: AuthzRequest,
  p: {
    deny: readonly AuthorizationPolicyRuntime[];
    allow: readonly AuthorizationPolicyRuntime[];
    defaultAllow: boolean;
  },
): AuthzDecision {
  for (const d of p.deny) {
    if (policyMatches(d, req)) return { kind: "deny", reason: `denied by policy ${d.name}` };
  }
  if (p.allow.length === 0) {
    return p.defaultAllow
      ? { kind: "allow", policy: undefined }
      : { kind: "deny", reason: "mesh default policy is deny" };
  }
  const requirements: { policy: string; jwt: CompiledJwt }[] = [];
  for (const a of p.allow) {
    if (!policyMatches(a, req)) continue;
    if (!a.jwt) return { kind: "allow", policy: a.name };
    requirements.push({ policy: a.name, jwt: a.jwt });
  }
  if (requirements.length > 0) return { kind: "jwt", requirements };
  return { kind: "deny", reason: "no ALLOW policy matches" };
}
