import {
  type Condition,
  type ResourceKind,
  type ResourceStatus,
  validateResourceSpec,
} from "@trellis/protocol/resources";

/** What a resource's conditions are computed from, loaded once per read of a mesh. */
export interface StatusInputs {
  /** `namespace/name` of every service some cluster of the mesh discovered. */
  services: ReadonlySet<string>;
  /** `kind/namespace/name` of every route stored in the mesh. */
  routes: ReadonlySet<string>;
  /** The applied config version of every proxy of the mesh that is not gone. */
  proxies: readonly { proxy: string; applied: number | null }[];
  /** NACKs of connectors and proxies, by the version they refused. */
  nacks: readonly { who: string; version: number; error: string }[];
}

export interface StatusSubject {
  kind: ResourceKind;
  namespace: string;
  name: string;
  spec: unknown;
  generation: number;
  /** The mesh config version that first carried this spec. */
  specConfigVersion: number;
}

/** Gateway API-style conditions of one resource (see `@trellis/protocol/resources` status.ts). Pure. */
export function resourceStatus(r: StatusSubject, inputs: StatusInputs): ResourceStatus {
  const at = { observedGeneration: r.generation };
  return { conditions: [accepted(r, at), resolvedRefs(r, inputs, at), programmed(r, inputs, at)] };
}

type Gen = { observedGeneration: number };

function accepted(r: StatusSubject, at: Gen): Condition {
  const valid = validateResourceSpec(r.kind, r.name, r.spec);
  if (valid.ok)
    return { type: "Accepted", status: "True", reason: "Accepted", message: "the spec is valid", ...at };
  const first = valid.errors[0]!;
  return {
    type: "Accepted",
    status: "False",
    reason: "Invalid",
    message: `the stored spec no longer validates (${first.pointer}: ${first.detail}); it is left out of the config until it is fixed`,
    ...at,
  };
}

type Dangling = { reason: "BackendNotFound" | "ParentNotFound" | "TargetNotFound"; text: string };

function resolvedRefs(r: StatusSubject, inputs: StatusInputs, at: Gen): Condition {
  const dangling = danglingRefs(r, inputs);
  if (dangling.length === 0)
    return {
      type: "ResolvedRefs",
      status: "True",
      reason: "ResolvedRefs",
      message: "every reference resolves",
      ...at,
    };
  const order: Dangling["reason"][] = ["BackendNotFound", "ParentNotFound", "TargetNotFound"];
  const reason = order.find((o) => dangling.some((d) => d.reason === o))!;
  return {
    type: "ResolvedRefs",
    status: "False",
    reason,
    message: dangling.map((d) => d.text).join("; "),
    ...at,
  };
}

type Ref = { kind?: string; name?: string; namespace?: string };
type RouteSpec = {
  parentRefs?: Ref[];
  rules?: { backendRefs?: Ref[]; filters?: { requestMirror?: { backendRef?: Ref } }[] }[];
};

function danglingRefs(r: StatusSubject, inputs: StatusInputs): Dangling[] {
  const out: Dangling[] = [];
  const service = (ref: Ref | undefined, pointer: string, role: string, reason: Dangling["reason"]) => {
    if (!ref?.name) return;
    const key = `${ref.namespace ?? r.namespace}/${ref.name}`;
    if (!inputs.services.has(key))
      out.push({ reason, text: `${role} ${key} (${pointer}): no cluster has discovered this service` });
  };
  if (r.kind === "HTTPRoute" || r.kind === "GRPCRoute") {
    const spec = r.spec as RouteSpec;
    for (const [i, p] of (spec.parentRefs ?? []).entries())
      service(p, `/spec/parentRefs/${i}`, "parentRef", "ParentNotFound");
    for (const [i, rule] of (spec.rules ?? []).entries()) {
      for (const [j, b] of (rule.backendRefs ?? []).entries())
        service(b, `/spec/rules/${i}/backendRefs/${j}`, "backendRef", "BackendNotFound");
      for (const [j, f] of (rule.filters ?? []).entries()) {
        const at = `/spec/rules/${i}/filters/${j}/requestMirror/backendRef`;
        service(f.requestMirror?.backendRef, at, "mirror backendRef", "BackendNotFound");
      }
    }
    return out;
  }
  // GEP-713: one `targetRef`, or several `targetRefs`.
  const { targetRef, targetRefs } = r.spec as { targetRef?: Ref; targetRefs?: Ref[] };
  const targets = targetRefs
    ? targetRefs.map((t, i) => ({ t, pointer: `/spec/targetRefs/${i}` }))
    : targetRef
      ? [{ t: targetRef, pointer: "/spec/targetRef" }]
      : [];
  for (const { t, pointer } of targets) {
    if (t.kind === "Service") service(t, pointer, "targetRef", "TargetNotFound");
    else if (!inputs.routes.has(`${t.kind}/${r.namespace}/${t.name}`))
      out.push({
        reason: "TargetNotFound",
        text: `targetRef ${t.kind} ${r.namespace}/${t.name} (${pointer}): no such route in this mesh`,
      });
  }
  return out;
}

function programmed(r: StatusSubject, inputs: StatusInputs, at: Gen): Condition {
  const version = r.specConfigVersion;
  const base = { type: "Programmed" as const, ...at };
  if (inputs.proxies.length === 0)
    return {
      ...base,
      status: "Unknown",
      reason: "Pending",
      message: "no proxy of this mesh has reported yet",
    };
  const behind = inputs.proxies.filter((p) => p.applied === null || p.applied < version);
  if (behind.length === 0)
    return {
      ...base,
      status: "True",
      reason: "Programmed",
      message: `all ${inputs.proxies.length} proxies run config version ${version} or later`,
    };
  const nack = inputs.nacks.find((n) => n.version >= version);
  if (nack)
    return {
      ...base,
      status: "False",
      reason: "Invalid",
      message: `${nack.who} refused config version ${nack.version}: ${nack.error}`,
    };
  return {
    ...base,
    status: "False",
    reason: "Pending",
    message: `${inputs.proxies.length - behind.length} of ${inputs.proxies.length} proxies run config version ${version} or later`,
  };
}
