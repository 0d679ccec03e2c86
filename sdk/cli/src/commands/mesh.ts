import type { Mesh } from "@trellis/sdk";
import { connectOptions, outputFormat, parseCommand } from "../args.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { connect } from "../connect.ts";
import { exitCodes, UsageError } from "../exit-codes.ts";
import { age, json, print, table } from "../output.ts";
import { paint } from "../terminal.ts";

const usage = `Usage: trellis mesh <create|list|get|delete> [name] [flags]

  trellis mesh create <name> [--description <text>]
  trellis mesh list [-o table|yaml|json]
  trellis mesh get <name> [-o yaml|json|table]
  trellis mesh delete <name>        deletes its clusters and resources too
${connectHelp}`;

const formats = ["table", "yaml", "json"] as const;

function meshTable(meshes: Mesh[]): string {
  return table(
    ["NAME", "CONFIG", "MTLS", "TRUST DOMAIN", "AGE"],
    meshes.map((m) => [m.name, `v${m.configVersion}`, m.settings.mtls.mode, m.trustDomain, age(m.createdAt)]),
  );
}

/** `trellis mesh create|list|get|delete`. */
export const mesh: Command = {
  name: "mesh",
  summary: "Create, list, show and delete meshes",
  usage,
  async run(argv, term) {
    const [verb, ...rest] = argv;
    if (verb === undefined || verb === "-h" || verb === "--help") {
      if (verb === undefined) throw new UsageError("missing subcommand", usage);
      return help(term, usage);
    }
    const options = { ...connectOptions, description: { type: "string" } } as const;
    const needsName = verb !== "list";
    const { values, positionals } = parseCommand(rest, options, usage, {
      min: needsName ? 1 : 0,
      max: needsName ? 1 : 0,
      names: "mesh name",
    });
    if (values.help) return help(term, usage);
    const name = positionals[0]!;
    const format = outputFormat(values.output, formats, usage);
    const { client } = await connect(values, term.env);
    switch (verb) {
      case "create": {
        const m = await client.meshes.create({
          name,
          ...(values.description ? { description: values.description } : {}),
        });
        if (format === "table")
          term.out(`${paint(term, "green", "✔")} mesh ${m.name} created (trust domain ${m.trustDomain})`);
        else print(term, format, m, () => "");
        return exitCodes.ok;
      }
      case "list": {
        const meshes = await client.meshes.listAll();
        if (format === "table" && meshes.length === 0)
          term.out("no meshes yet: create one with `trellis mesh create <name>`");
        else print(term, format, meshes, () => meshTable(meshes));
        return exitCodes.ok;
      }
      case "get": {
        const { etag: _etag, ...m } = await client.meshes.get(name);
        print(term, format, m, () => meshTable([m]));
        return exitCodes.ok;
      }
      case "delete": {
        await client.meshes.delete(name);
        if (format === "json") term.out(json({ deleted: name }));
        else term.out(`mesh ${name} deleted`);
        return exitCodes.ok;
      }
      default:
        throw new UsageError(`unknown subcommand "${verb}"`, usage);
    }
  },
};
