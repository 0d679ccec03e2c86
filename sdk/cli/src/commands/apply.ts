import {
  type MeshResource,
  NotFoundError,
  pointerToPath,
  type TrellisClient,
  ValidationError,
  type WithEtag,
} from "@trellis/sdk";
import { meshOptions, parseCommand } from "../args.ts";
import { canonicalYaml } from "../canonical.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { connect, explain } from "../connect.ts";
import { diffLines } from "../diff.ts";
import { formatProblem, type SourcedDocument } from "../documents.ts";
import { exitCodes, UsageError } from "../exit-codes.ts";
import { ref } from "../kinds.ts";
import { loadDocuments } from "../load-documents.ts";
import { resolveMesh } from "../mesh-scope.ts";
import { json } from "../output.ts";
import { paint, type Terminal } from "../terminal.ts";

const usage = `Usage: trellis apply -f <file|dir|-> [-f …] [--mesh <mesh>] [--dry-run] [--strict] [-o json]

Creates or updates the resources described in YAML or JSON documents (several per file,
separated by ---): Trellis' own, or Gateway API HTTPRoute/GRPCRoute exactly as written
for Kubernetes (GAMMA), in their metadata.namespace (default: default):

  apiVersion: gateway.networking.k8s.io/v1     # or trellis.dev/v1
  kind: HTTPRoute
  metadata: { name: web, namespace: shop }
  spec: { parentRefs: [{ group: "", kind: Service, name: web, port: 80 }], rules: [ … ] }

Every document is validated locally first; if any is invalid nothing is applied and each
problem is printed as file:line: field: message. What is not for a mesh (a Gateway, a
GatewayClass, a parentRef of kind Gateway) is skipped with a message on stderr.

  -f, --filename <p>  a file, a directory (its .yaml/.yml/.json files) or - for stdin
  --dry-run           the server validates and answers what would change (a diff); nothing changes
  --strict            what is not for a mesh is an error too: nothing is applied
  -m, --mesh <mesh>   the mesh (default: TRELLIS_MESH, else the org's only mesh)
${connectHelp} (json)`;

type Action = "created" | "configured" | "unchanged" | "skipped" | "failed";
type Result = {
  kind?: string;
  namespace?: string;
  name?: string;
  action: Action;
  generation?: number;
  error?: string;
  /** Why a document was skipped. */
  message?: string;
};

async function current(client: TrellisClient, mesh: string, d: SourcedDocument) {
  const { kind, name, namespace } = d.resource;
  try {
    return await client.resources(mesh).get(kind, name, { namespace });
  } catch (err) {
    if (err instanceof NotFoundError && !err.routeMissing) return undefined;
    throw err;
  }
}

/** `trellis apply -f`. */
export const apply: Command = {
  name: "apply",
  summary: "Create or update resources from YAML/JSON files (Trellis or Gateway API)",
  usage,
  async run(argv, term) {
    const { values } = parseCommand(
      argv,
      {
        ...meshOptions,
        filename: { type: "string", short: "f", multiple: true },
        "dry-run": { type: "boolean" },
        strict: { type: "boolean" },
      },
      usage,
      { min: 0, max: 0 },
    );
    if (values.help) return help(term, usage);
    if (!values.filename?.length) throw new UsageError("give the documents with -f <file|dir|->", usage);
    if (values.output !== undefined && values.output !== "json")
      throw new UsageError("-o must be json", usage);
    const loaded = await loadDocuments(term, values.filename, usage, { strict: values.strict ?? false });
    const results: Result[] = loaded.skipped.map((s) => ({ action: "skipped", message: s.message }));
    const dryRun = values["dry-run"] ?? false;
    const quiet = values.output === "json";
    if (loaded.documents.length > 0) {
      const { client } = await connect(values, term.env);
      const mesh = await resolveMesh(client, values.mesh, term.env, usage);
      for (const d of loaded.documents) results.push(await applyOne(term, client, mesh, d, dryRun, quiet));
      if (quiet) term.out(json({ mesh, dryRun, results }));
    } else if (quiet) term.out(json({ dryRun, results }));
    return results.some((r) => r.action === "failed") ? exitCodes.failure : exitCodes.ok;
  },
};

async function applyOne(
  term: Terminal,
  client: TrellisClient,
  mesh: string,
  d: SourcedDocument,
  dryRun: boolean,
  quiet: boolean,
): Promise<Result> {
  const { kind, namespace, name } = d.resource;
  const id = { kind, namespace, name };
  const label = ref(kind, name, namespace);
  try {
    const before = await current(client, mesh, d);
    const after = await client
      .resources(mesh)
      .apply(d.raw as never, { dryRun, ...(before ? { ifMatch: before.etag } : { ifNoneMatch: "*" }) });
    const action: Action = after.created
      ? "created"
      : after.generation === before?.generation
        ? "unchanged"
        : "configured";
    // Warnings the local read already printed are not repeated.
    for (const w of after.warnings.filter((w) => !d.warnings.includes(w)))
      term.err(`${paint(term, "yellow", "!")} ${label}: ${w}`);
    if (!quiet) {
      term.out(dryRun ? paint(term, "bold", `${label} ${action} (server dry run)`) : `${label} ${action}`);
      if (dryRun && action !== "unchanged") printDiff(term, before, after);
    }
    return { ...id, action, generation: after.generation };
  } catch (err) {
    const message = describeFailure(err, d, label);
    term.err(`${paint(term, "red", "✖")} ${message}`);
    return { ...id, action: "failed", error: message };
  }
}

/** A server-side failure, pointed at the document's line when the server named a field. */
function describeFailure(err: unknown, d: SourcedDocument, label: string): string {
  if (err instanceof ValidationError && err.fields.length > 0)
    return err.fields
      .map((f) => {
        const pointer = f.pointer === "/name" ? "/metadata/name" : f.pointer;
        return formatProblem({
          file: d.file,
          line: d.lineOf(pointer),
          path: pointerToPath(pointer),
          message: f.detail,
        });
      })
      .join("\n");
  const e = explain(err);
  return `${d.file}:${d.line}: ${label}: ${e.message}${e.hint ? ` (${e.hint})` : ""}`;
}

/** What a diff compares: what a user writes (metadata they own and the spec with its defaults). */
function view(r: WithEtag<MeshResource> | MeshResource | undefined): unknown {
  if (!r) return undefined;
  const metadata = {
    ...(Object.keys(r.labels).length ? { labels: r.labels } : {}),
    ...(Object.keys(r.annotations).length ? { annotations: r.annotations } : {}),
  };
  return { apiVersion: r.apiVersion, ...(Object.keys(metadata).length ? { metadata } : {}), spec: r.spec };
}

function printDiff(term: Terminal, before: MeshResource | undefined, after: MeshResource): void {
  for (const line of diffLines(canonicalYaml(view(before)), canonicalYaml(view(after)))) {
    if (line.op === "+") term.out(paint(term, "green", `+ ${line.text}`));
    else if (line.op === "-") term.out(paint(term, "red", `- ${line.text}`));
    else term.out(`  ${line.text}`);
  }
}
