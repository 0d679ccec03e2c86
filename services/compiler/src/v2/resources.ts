import {
  defaultNamespace,
  type ResourceKind,
  type ResourceSpec,
  resourceSpecSchemas,
  validateResourceSpec,
} from "@trellis/protocol/resources";
import type { CompileInput } from "../inputs.ts";
import { byString } from "../services.ts";

/** A mesh resource whose spec passed the API's own validation, defaults applied. */
export interface Parsed<K extends ResourceKind> {
  kind: K;
  /** The resource's own namespace (`default` when the input names none). */
  namespace: string;
  name: string;
  generation: number;
  spec: ResourceSpec<K>;
}

/**
 * The mesh's resources by kind, each list sorted by `namespace/name` (Gateway API breaks
 * ties between policies and routes by age, then `{namespace}/{name}`; the compiler sees no
 * age, so this order is the tie-break of every choice).
 */
export interface MeshResources {
  httpRoutes: Parsed<"HTTPRoute">[];
  grpcRoutes: Parsed<"GRPCRoute">[];
  retryPolicies: Parsed<"RetryPolicy">[];
  circuitBreakers: Parsed<"CircuitBreaker">[];
  authorizationPolicies: Parsed<"AuthorizationPolicy">[];
  rateLimits: Parsed<"RateLimit">[];
  faultInjections: Parsed<"FaultInjection">[];
}

const listOf = {
  HTTPRoute: "httpRoutes",
  GRPCRoute: "grpcRoutes",
  RetryPolicy: "retryPolicies",
  CircuitBreaker: "circuitBreakers",
  AuthorizationPolicy: "authorizationPolicies",
  RateLimit: "rateLimits",
  FaultInjection: "faultInjections",
} as const satisfies Partial<Record<ResourceKind, keyof MeshResources>>;

/**
 * Validates every stored spec the way the API does (schema, then the rules a schema
 * cannot say: regexes that compile, combinations a proxy could not apply). A spec written
 * before a rule tightened is left out, so one stale resource never makes a data plane
 * refuse the whole snapshot. The one exception is a rule's backendRefs (none, or all
 * weighing 0): Gateway API says what that means — the rule answers 500 — so the route is
 * kept and compiled that way.
 */
export function parseResources(resources: CompileInput["resources"]): MeshResources {
  const out: MeshResources = {
    httpRoutes: [],
    grpcRoutes: [],
    retryPolicies: [],
    circuitBreakers: [],
    authorizationPolicies: [],
    rateLimits: [],
    faultInjections: [],
  };
  const sorted = [...resources]
    .map((r) => ({ ...r, namespace: r.namespace ?? defaultNamespace }))
    .sort(
      (a, b) => byString(a.namespace, b.namespace) || byString(a.name, b.name) || a.generation - b.generation,
    );
  for (const r of sorted) {
    if (r.kind === "MeshSettings") continue;
    const spec = validSpec(r.kind, r.name, r.spec);
    if (spec === undefined) continue;
    (out[listOf[r.kind]] as Parsed<ResourceKind>[]).push({
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      generation: r.generation,
      spec,
    });
  }
  return out;
}

function validSpec(kind: ResourceKind, name: string, spec: unknown): ResourceSpec<ResourceKind> | undefined {
  const valid = validateResourceSpec(kind, name, spec);
  if (valid.ok) return valid.spec;
  const tolerated = /^\/spec\/rules\/\d+\/backendRefs$/;
  if (!valid.errors.every((e) => tolerated.test(e.pointer))) return undefined;
  const parsed = resourceSpecSchemas[kind].safeParse(spec);
  return parsed.success ? (parsed.data as ResourceSpec<ResourceKind>) : undefined;
}

/** `namespace/name`: the key of a service, a virtual host, a cluster, and of a resource. */
export function serviceKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
