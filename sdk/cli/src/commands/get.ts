import type { MeshResource } from "@trellis/sdk";
import { meshOptions, outputFormat, parseCommand } from "../args.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { connect } from "../connect.ts";
import { exitCodes, UsageError } from "../exit-codes.ts";
import { resolveKind, toDocument } from "../kinds.ts";
import { resolveMesh } from "../mesh-scope.ts";
import { age, print, table } from "../output.ts";

const usage = `Usage: trellis get <kind|all> [name] [--mesh <mesh>] [-o table|yaml|json]

Shows mesh resources. Kinds: HTTPRoute, GRPCRoute, RetryPolicy, CircuitBreaker,
AuthorizationPolicy, RateLimit, FaultInjection, MeshSettings (any case, plural too:
httproutes, routes). -o yaml prints documents \`trellis apply -f\` takes back.

  -m, --mesh <mesh>  the mesh (default: TRELLIS_MESH, else the org's only mesh)
${connectHelp} (table, yaml, json)`;

function resourceTable(resources: MeshResource[], withKind: boolean): string {
  return table(
    [...(withKind ? ["KIND"] : []), "NAME", "GENERATION", "UPDATED"],
    resources.map((r) => [...(withKind ? [r.kind] : []), r.name, String(r.generation), age(r.updatedAt)]),
  );
}

/** `trellis get <kind> [name]`. */
export const get: Command = {
  name: "get",
  summary: "Show mesh resources (table, YAML or JSON)",
  usage,
  async run(argv, term) {
    const { values, positionals } = parseCommand(argv, meshOptions, usage, { min: 1, max: 2, names: "kind" });
    if (values.help) return help(term, usage);
    const [kindArg, name] = positionals as [string, string | undefined];
    const kind = kindArg === "all" ? undefined : resolveKind(kindArg);
    if (kindArg !== "all" && !kind) throw new UsageError(`unknown kind "${kindArg}"`, usage);
    if (!kind && name) throw new UsageError("give a kind to get one resource by name", usage);
    const format = outputFormat(values.output, ["table", "yaml", "json"] as const, usage);
    const { client } = await connect(values, term.env);
    const mesh = await resolveMesh(client, values.mesh, term.env, usage);
    const resources = client.resources(mesh);
    if (kind && name) {
      const { etag: _etag, ...r } = await resources.get(kind, name);
      print(term, format, toDocument(r), () => resourceTable([r], false));
      return exitCodes.ok;
    }
    const all = await resources.listAll(kind ? { kind } : {});
    if (format === "table" && all.length === 0) {
      term.out(`no ${kind ?? "resources"} in mesh ${mesh}`);
      return exitCodes.ok;
    }
    print(term, format, all.map(toDocument), () => resourceTable(all, !kind));
    return exitCodes.ok;
  },
};
