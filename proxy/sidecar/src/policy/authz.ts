import type { AuthorizationPolicySpec } from "@trellis/protocol/resources";
import { pathTest } from "../routing/match.ts";
import { type CompiledJwt, compileJwt, type JwksCache } from "./jwt.ts";

/**
 * AuthorizationPolicy evaluation (inbound, per destination service), after Istio's
 * order: any matching DENY policy refuses; then, when ALLOW policies exist, the request
 * must match a rule of one of them (and satisfy its JWT requirement); with no ALLOW
 * policy the mesh default (`settings.defaultPolicy`) decides.
 *
 * A rule matches when one of its `from` sources and (if given) one of its `to`
 * destinations match. Within a source the fields are alternatives: exact SPIFFE ids or
 * `…/*` prefixes, namespaces of our trust domain, meshes by name (only our own mesh
 * can be named: the snapshot carries no other mesh's trust domain), or
 * `unauthenticated: true` for callers without a verified identity. A source with no
 * field matches every authenticated caller. Within a destination the given fields must
 * all match (paths and methods and routes); a connection with no HTTP request (opaque
 * TCP) matches only rules without `to`.
 */
export type AuthzRequest = {
  clientId: string | undefined;
  /** Undefined for opaque TCP. */
  http:
    | { method: string; path: string; routeName: string | undefined; ruleName: string | undefined }
    | undefined;
};

type Source = {
  ids: ReadonlySet<string>;
  prefixes: readonly string[];
  namespaces: ReadonlySet<string>;
  ownMesh: boolean;
  unauthenticated: boolean;
  anyAuthenticated: boolean;
};

type Destination = {
  paths: readonly ((path: string) => boolean)[] | undefined;
  methods: ReadonlySet<string> | undefined;
  routes: ReadonlySet<string> | undefined;
};

export type AuthorizationPolicyRuntime = {
  name: string;
  action: "ALLOW" | "DENY";
  rules: readonly { from: readonly Source[]; to: readonly Destination[] | undefined }[];
  jwt: CompiledJwt | undefined;
};

export type MeshIdentity = { meshName: string; trustDomain: string };

export function compileAuthorizationPolicy(
  name: string,
  spec: AuthorizationPolicySpec,
  mesh: MeshIdentity,
  jwks: JwksCache,
): AuthorizationPolicyRuntime {
  const where = `AuthorizationPolicy ${name}`;
  if (spec.jwt && spec.action === "DENY") {
    throw new Error(`${where}: a JWT requirement only makes sense on an ALLOW policy`);
  }
  return {
    name,
    action: spec.action,
    rules: spec.rules.map((rule, r) => ({
      from: rule.from.map((f) => compileSource(f, mesh)),
      to: rule.to?.map((t, i) => compileDestination(t, `${where} rules[${r}].to[${i}]`)),
    })),
    jwt: spec.jwt ? compileJwt(spec.jwt, where, jwks) : undefined,
  };
}

function compileSource(
  f: AuthorizationPolicySpec["rules"][number]["from"][number],
  mesh: MeshIdentity,
): Source {
  const ids = new Set<string>();
  const prefixes: string[] = [];
  for (const id of f.identities ?? []) {
    if (id.endsWith("/*")) prefixes.push(id.slice(0, -1));
    else ids.add(id);
  }
  const namespaces = new Set((f.namespaces ?? []).map((ns) => `spiffe://${mesh.trustDomain}/ns/${ns}/`));
  const ownMesh = (f.meshes ?? []).includes(mesh.meshName);
  const empty = !f.identities?.length && !f.namespaces?.length && !f.meshes?.length && !f.unauthenticated;
  return {
    ids,
    prefixes,
    namespaces,
    ownMesh,
    unauthenticated: f.unauthenticated === true,
    anyAuthenticated: empty,
  };
}

function compileDestination(
  t: NonNullable<AuthorizationPolicySpec["rules"][number]["to"]>[number],
  where: string,
): Destination {
  let paths: ((p: string) => boolean)[] | undefined;
  try {
    paths = t.paths?.map((p) => pathTest(p.type, p.value));
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`);
  }
  return {
    paths: paths?.length ? paths : undefined,
    methods: t.methods?.length ? new Set(t.methods) : undefined,
    routes: t.routes?.length ? new Set(t.routes) : undefined,
  };
}

function sourceMatches(s: Source, clientId: string | undefined, trustDomain: string): boolean {
  if (clientId === undefined) return s.unauthenticated;
  if (s.anyAuthenticated || s.ids.has(clientId)) return true;
  for (const p of s.prefixes) if (clientId.startsWith(p)) return true;
  if (s.ownMesh && clientId.startsWith(`spiffe://${trustDomain}/`)) return true;
  for (const ns of s.namespaces) if (clientId.startsWith(ns)) return true;
  return false;
}

function destinationMatches(d: Destination, http: AuthzRequest["http"]): boolean {
  if (!http) return false;
  if (d.methods && !d.methods.has(http.method)) return false;
  if (d.paths && !d.paths.some((t) => t(http.path))) return false;
  if (d.routes) {
    const hit =
      (http.routeName !== undefined && d.routes.has(http.routeName)) ||
      (http.ruleName !== undefined && d.routes.has(http.ruleName));
    if (!hit) return false;
  }
  return true;
}

export function policyMatches(
  p: AuthorizationPolicyRuntime,
  req: AuthzRequest,
  trustDomain: string,
): boolean {
  for (const rule of p.rules) {
    if (!rule.from.some((s) => sourceMatches(s, req.clientId, trustDomain))) continue;
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
  trustDomain: string,
): AuthzDecision {
  for (const d of p.deny) {
    if (policyMatches(d, req, trustDomain)) return { kind: "deny", reason: `denied by policy ${d.name}` };
  }
  if (p.allow.length === 0) {
    return p.defaultAllow
      ? { kind: "allow", policy: undefined }
      : { kind: "deny", reason: "mesh default policy is deny" };
  }
  const requirements: { policy: string; jwt: CompiledJwt }[] = [];
  for (const a of p.allow) {
    if (!policyMatches(a, req, trustDomain)) continue;
    if (!a.jwt) return { kind: "allow", policy: a.name };
    requirements.push({ policy: a.name, jwt: a.jwt });
  }
  if (requirements.length > 0) return { kind: "jwt", requirements };
  return { kind: "deny", reason: "no ALLOW policy matches" };
}
