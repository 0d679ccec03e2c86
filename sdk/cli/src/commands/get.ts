import type { MeshResource } from "@trellis/sdk";
import { meshOptions, outputFormat, parseCommand } from "../args.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { connect } from "../connect.ts";
import { exitCodes, UsageError } from "../exit-codes.ts";
import { ref, resolveKind, statusSummary, toDocument } from "../kinds.ts";
import { resolveMesh } from "../mesh-scope.ts";
import { age, listFormats, print, table } from "../output.ts";
import { getProxies, isProxiesKind } from "./get-proxies.ts";

const usage = `Usage: trellis get <kind|all> [name] [-n <namespace>] [--mesh <mesh>] [-o table|wide|name|yaml|json]
       trellis get proxies [id] [--kind trellis-proxy|envoy|grpc-proxyless] [-n <namespace>]

Shows mesh resources with their status (Ready, or the conditions that are not: e.g.
ResolvedRefs=BackendNotFound for a backend no cluster has discovered). Kinds: HTTPRoute,
GRPCRoute, RetryPolicy, CircuitBreaker, AuthorizationPolicy, RateLimit, FaultInjection,
MeshSettings (any case, plural too: httproutes, routes). Lists span every namespace unless
-n names one. -o yaml prints documents \`trellis apply -f\` takes back (status included,
ignored on apply); -o wide adds what each resource attaches to and routes to; -o name
prints kind/name lines (for xargs).

\`get proxies\` lists the mesh's members as their connectors report them: trellis-proxies,
Envoy sidecars and proxyless gRPC workloads (KIND), each with its release, the config
version it applied against the desired one, and its health; -o wide adds the user agent,
identity and certificate expiry.

  -n, --namespace <ns>  one namespace (for one resource by name: default is "default")
  --kind <kind>         proxies only: one data plane (trellis-proxy, envoy, grpc-proxyless)
  -m, --mesh <mesh>     the mesh (default: TRELLIS_MESH, else the context's, else the org's only mesh)
${connectHelp} (table, wide, name, yaml, json)`;

function resourceTable(resources: MeshResource[], withKind: boolean, wide: boolean): string {
  const withNamespace = resources.some((r) => r.namespace !== "default");
  return table(
    [
      ...(withKind ? ["KIND"] : []),
      ...(withNamespace ? ["NAMESPACE"] : []),
      "NAME",
      "STATUS",
      "GENERATION",
      "UPDATED",
      ...(wide ? ["ATTACHES TO", "BACKENDS"] : []),
    ],
    resources.map((r) => [
      ...(withKind ? [r.kind] : []),
      ...(withNamespace ? [r.namespace] : []),
      r.name,
      statusSummary(r),
      String(r.generation),
      age(r.updatedAt),
      ...(wide ? [attachesTo(r.spec), backends(r.spec)] : []),
    ]),
  );
}

type SpecRefs = {
  parentRefs?: { name: string; namespace?: string }[];
  targetRef?: { kind: string; name: string };
  targetRefs?: { kind: string; name: string }[];
  rules?: { backendRefs?: { name: string; weight?: number }[] }[];
};

/** `service/catalog` (a route's parents) or `httproute/web` (a policy's target). Pure. */
function attachesTo(spec: unknown): string {
  const s = spec as SpecRefs;
  if (s.parentRefs) return s.parentRefs.map((p) => `service/${p.name}`).join(",");
  if (s.targetRef) return ref(s.targetRef.kind, s.targetRef.name);
  if (s.targetRefs) return s.targetRefs.map((t) => ref(t.kind, t.name)).join(",");
  return "-";
}

/** `catalog-v1=90,catalog-v2=10`: a route's weighted backends. Pure. */
function backends(spec: unknown): string {
  const refs = ((spec as SpecRefs).rules ?? []).flatMap((r) => r.backendRefs ?? []);
  return refs.length === 0 ? "-" : refs.map((b) => `${b.name}=${b.weight ?? 1}`).join(",");
}

/** `trellis get <kind> [name]`. */
export const get: Command = {
  name: "get",
  summary: "Show mesh resources and their status (table, YAML or JSON)",
  usage,
  async run(argv, term) {
    const { values, positionals } = parseCommand(
      argv,
      { ...meshOptions, namespace: { type: "string", short: "n" }, kind: { type: "string" } },
      usage,
      { min: 1, max: 2, names: "kind" },
    );
    if (values.help) return help(term, usage);
    const [kindArg, name] = positionals as [string, string | undefined];
    if (isProxiesKind(kindArg)) {
      const format = outputFormat(values.output, listFormats, usage);
      const { client } = await connect(values, term.env);
      const mesh = await resolveMesh(client, values.mesh, term.env, usage);
      const { kind, namespace } = values;
      return getProxies({ term, client, mesh, id: name, kind, namespace, format, usage });
    }
    if (values.kind !== undefined) throw new UsageError("--kind is for `trellis get proxies`", usage);
    const kind = kindArg === "all" ? undefined : resolveKind(kindArg);
    if (kindArg !== "all" && !kind) throw new UsageError(`unknown kind "${kindArg}"`, usage);
    if (!kind && name) throw new UsageError("give a kind to get one resource by name", usage);
    const format = outputFormat(values.output, listFormats, usage);
    const { client } = await connect(values, term.env);
    const mesh = await resolveMesh(client, values.mesh, term.env, usage);
    const resources = client.resources(mesh);
    const namespace = values.namespace;
    if (kind && name) {
      const { etag: _etag, ...r } = await resources.get(kind, name, namespace ? { namespace } : {});
      print(
        term,
        format,
        toDocument(r),
        (wide) => resourceTable([r], false, wide),
        () => [ref(r.kind, r.name)],
      );
      return exitCodes.ok;
    }
    const all = await resources.listAll(kind, namespace ? { namespace } : {});
    if ((format === "table" || format === "wide") && all.length === 0) {
      term.out(`no ${kind ?? "resources"} in mesh ${mesh}${namespace ? ` namespace ${namespace}` : ""}`);
      return exitCodes.ok;
    }
    print(
      term,
      format,
      all.map(toDocument),
      (wide) => resourceTable(all, !kind, wide),
      () => all.map((r) => ref(r.kind, r.name)),
    );
    return exitCodes.ok;
  },
};
