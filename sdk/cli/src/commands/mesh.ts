import type { Mesh } from "@trellis/sdk";
import { connectOptions, outputFormat, parseCommand } from "../args.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { connect } from "../connect.ts";
import { exitCodes, UsageError } from "../exit-codes.ts";
import { age, json, listFormats, print, table } from "../output.ts";
import { paint } from "../terminal.ts";

const usage = `Usage: trellis mesh <create|list|get|delete> [name] [flags]

  trellis mesh create <name> [--description <text>]
  trellis mesh list [-o table|wide|name|yaml|json]
  trellis mesh get <name> [-o table|wide|name|yaml|json]
  trellis mesh delete <name>        deletes its clusters and resources too
${connectHelp}`;

function meshTable(meshes: Mesh[], wide: boolean): string {
  return table(
    ["NAME", "CONFIG", "MTLS", "TRUST DOMAIN", "AGE", ...(wide ? ["ID", "DESCRIPTION"] : [])],
    meshes.map((m) => [
      m.name,
      `v${m.configVersion}`,
      m.settings.mtls.mode,
      m.trustDomain,
      age(m.createdAt),
      ...(wide ? [m.id, m.description || "-"] : []),
    ]),
  );
}

const meshNames = (meshes: Mesh[]) => () => meshes.map((m) => `mesh/${m.name}`);

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
    const format = outputFormat(values.output, listFormats, usage);
    const { client } = await connect(values, term.env);
    switch (verb) {
      case "create": {
        const m = await client.meshes.create({
          name,
          ...(values.description ? { description: values.description } : {}),
        });
        if (format === "table" || format === "wide")
          term.out(`${paint(term, "green", "✔")} mesh ${m.name} created (trust domain ${m.trustDomain})`);
        else print(term, format, m, () => "", meshNames([m]));
        return exitCodes.ok;
      }
      case "list": {
        const meshes = await client.meshes.listAll();
        if ((format === "table" || format === "wide") && meshes.length === 0)
          term.out("no meshes yet: create one with `trellis mesh create <name>`");
        else print(term, format, meshes, (wide) => meshTable(meshes, wide), meshNames(meshes));
        return exitCodes.ok;
      }
      case "get": {
        const { etag: _etag, ...m } = await client.meshes.get(name);
        print(term, format, m, (wide) => meshTable([m], wide), meshNames([m]));
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
