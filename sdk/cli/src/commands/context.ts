import { outputFormat, parseCommand } from "../args.ts";
import { type Command, help } from "../command.ts";
import { type ConfigFile, configPath, loadConfig, saveConfig } from "../config-file.ts";
import { CliError, exitCodes, UsageError } from "../exit-codes.ts";
import { json, table } from "../output.ts";

const usage = `Usage: trellis context <list|current|use|rename|delete> [name] [flags]

Contexts are named control planes and identities in one config file, like kubectl's: one per
control plane or org. \`trellis login --context <name>\` creates one; every command takes
--context <name> (or TRELLIS_CONTEXT) to use another than the current one.

  trellis context list [-o table|name|json]    the contexts; * marks the current one
  trellis context current                      the current context's name
  trellis context use <name> [--mesh <mesh>]   makes it current; --mesh sets its default mesh
                                               (--mesh "" clears it)
  trellis context rename <name> <new-name>
  trellis context delete <name>                forgets it (its API token stays valid until revoked)`;

/** `trellis context`: list, switch, rename and delete the stored contexts. */
export const context: Command = {
  name: "context",
  summary: "List and switch contexts (several control planes or orgs, like kubectl's)",
  usage,
  async run(argv, term) {
    const [verb, ...rest] = argv;
    if (verb === "-h" || verb === "--help") return help(term, usage);
    if (verb === undefined) throw new UsageError("missing subcommand", usage);
    const names = { list: 0, current: 0, use: 1, rename: 2, delete: 1 } as Record<string, number>;
    const count = names[verb];
    if (count === undefined) throw new UsageError(`unknown subcommand "${verb}"`, usage);
    const { values, positionals } = parseCommand(
      rest,
      {
        help: { type: "boolean", short: "h" },
        output: { type: "string", short: "o" },
        mesh: { type: "string" },
      },
      usage,
      { min: count, max: count, names: count === 2 ? "context name and new name" : "context name" },
    );
    if (values.help) return help(term, usage);
    const config = await loadConfig(term.env);
    const name = positionals[0]!;
    switch (verb) {
      case "list": {
        const format = outputFormat(values.output, ["table", "name", "json"] as const, usage);
        const all = Object.entries(config.contexts);
        if (format === "json")
          term.out(
            json(
              all.map(([n, c]) => ({
                name: n,
                current: n === config.current,
                url: c.url,
                mesh: c.mesh ?? null,
              })),
            ),
          );
        else if (format === "name") for (const [n] of all) term.out(n);
        else if (all.length === 0) term.out("no contexts: log in with `trellis login --url <url>`");
        else
          term.out(
            table(
              ["CURRENT", "NAME", "URL", "MESH"],
              all.map(([n, c]) => [n === config.current ? "*" : "", n, c.url, c.mesh ?? "-"]),
            ),
          );
        return exitCodes.ok;
      }
      case "current":
        if (!config.current)
          throw new CliError("no current context", exitCodes.failure, "log in with `trellis login`");
        term.out(config.current);
        return exitCodes.ok;
      case "use": {
        const c = existing(config, name, term.env);
        const mesh = values.mesh === undefined ? c.mesh : values.mesh || undefined;
        const { mesh: _old, ...base } = c;
        config.contexts[name] = { ...base, ...(mesh ? { mesh } : {}) };
        await saveConfig(term.env, { ...config, current: name });
        term.out(`switched to context ${name} (${c.url}${mesh ? `, mesh ${mesh}` : ""})`);
        return exitCodes.ok;
      }
      case "rename": {
        const to = positionals[1]!;
        const c = existing(config, name, term.env);
        if (config.contexts[to]) throw new CliError(`a context ${to} exists already`, exitCodes.failure);
        const { [name]: _gone, ...rest } = config.contexts;
        await saveConfig(term.env, {
          current: config.current === name ? to : config.current,
          contexts: { ...rest, [to]: c },
        });
        term.out(`context ${name} renamed to ${to}`);
        return exitCodes.ok;
      }
      default: {
        existing(config, name, term.env);
        const { [name]: _gone, ...rest } = config.contexts;
        const current = config.current === name ? (Object.keys(rest)[0] ?? null) : config.current;
        await saveConfig(term.env, { current, contexts: rest });
        term.out(
          `context ${name} deleted${current !== config.current && current ? `; current context: ${current}` : ""}`,
        );
        return exitCodes.ok;
      }
    }
  },
};

function existing(config: ConfigFile, name: string, env: NodeJS.ProcessEnv) {
  const c = config.contexts[name];
  if (!c)
    throw new CliError(
      `no context "${name}" in ${configPath(env)}`,
      exitCodes.failure,
      Object.keys(config.contexts).length > 0
        ? `contexts: ${Object.keys(config.contexts).join(", ")}`
        : "create one with `trellis login --context <name>`",
    );
  return c;
}
