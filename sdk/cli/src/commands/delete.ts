import { NotFoundError } from "@trellis/sdk";
import { meshOptions, parseCommand } from "../args.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { connect } from "../connect.ts";
import { exitCodes, UsageError } from "../exit-codes.ts";
import { ref, resolveKind } from "../kinds.ts";
import { loadDocuments } from "../load-documents.ts";
import { resolveMesh } from "../mesh-scope.ts";
import { json } from "../output.ts";
import { paint } from "../terminal.ts";

const usage = `Usage: trellis delete (-f <file|dir|-> | <kind> <name> [-n <namespace>]) [--mesh <mesh>] [--ignore-not-found]

Deletes the resources named by the documents of a file, or one resource by kind and name.

  -f, --filename <p>    documents as for \`trellis apply\` (only kind, namespace and name are used)
  -n, --namespace <ns>  the namespace of <kind> <name> (default: default)
  --ignore-not-found    a missing resource is not an error
  -m, --mesh <mesh>     the mesh (default: TRELLIS_MESH, else the org's only mesh)
${connectHelp} (json)`;

/** `trellis delete`. */
export const del: Command = {
  name: "delete",
  summary: "Delete resources (from files, or by kind and name)",
  usage,
  async run(argv, term) {
    const { values, positionals } = parseCommand(
      argv,
      {
        ...meshOptions,
        filename: { type: "string", short: "f", multiple: true },
        "ignore-not-found": { type: "boolean" },
        namespace: { type: "string", short: "n" },
      },
      usage,
      { min: 0, max: 2 },
    );
    if (values.help) return help(term, usage);
    const targets: { kind: string; name: string; namespace: string }[] = [];
    if (values.filename?.length) {
      if (positionals.length > 0) throw new UsageError("give either -f or <kind> <name>, not both", usage);
      const { documents } = await loadDocuments(term, values.filename, usage, { mode: "names" });
      for (const { resource: r } of documents)
        targets.push({ kind: r.kind, name: r.name, namespace: r.namespace });
    } else {
      if (positionals.length !== 2) throw new UsageError("give -f <file>, or <kind> <name>", usage);
      const kind = resolveKind(positionals[0]!);
      if (!kind) throw new UsageError(`unknown kind "${positionals[0]}"`, usage);
      targets.push({ kind, name: positionals[1]!, namespace: values.namespace ?? "default" });
    }
    const { client } = await connect(values, term.env);
    const mesh = await resolveMesh(client, values.mesh, term.env, usage);
    const results: { kind: string; name: string; namespace: string; result: "deleted" | "not found" }[] = [];
    let failed = false;
    for (const t of targets) {
      try {
        await client.resources(mesh).delete(t.kind as never, t.name, { namespace: t.namespace });
        results.push({ ...t, result: "deleted" });
        if (values.output !== "json") term.out(`${ref(t.kind, t.name, t.namespace)} deleted`);
      } catch (err) {
        if (!(err instanceof NotFoundError) || err.routeMissing) throw err;
        results.push({ ...t, result: "not found" });
        if (!values["ignore-not-found"]) {
          failed = true;
          term.err(
            `${paint(term, "red", "✖")} ${ref(t.kind, t.name, t.namespace)} not found in mesh ${mesh}`,
          );
        }
      }
    }
    if (values.output === "json") term.out(json({ mesh, results }));
    return failed ? exitCodes.failure : exitCodes.ok;
  },
};
