import { parseCommand } from "../args.ts";
import { type Command, help } from "../command.ts";
import { completionScript, completions } from "../completion.ts";
import { loadConfig } from "../config-file.ts";
import { connect } from "../connect.ts";
import { exitCodes, UsageError } from "../exit-codes.ts";

const usage = `Usage: trellis completion <bash|zsh|fish>

Prints the shell completion script: commands, subcommands, flags, -o formats, windows,
resource kinds, and — from the control plane and the config file — meshes and contexts.

  bash   source <(trellis completion bash)         (or save it under bash-completion's completions/)
  zsh    source <(trellis completion zsh)          (or save it as _trellis on your $fpath)
  fish   trellis completion fish | source          (or save it as ~/.config/fish/completions/trellis.fish)`;

/** `trellis completion <shell>`: the script that wires the shell to `trellis __complete`. */
export const completion: Command = {
  name: "completion",
  summary: "Print the shell completion script (bash, zsh, fish)",
  usage,
  async run(argv, term) {
    const { values, positionals } = parseCommand(argv, { help: { type: "boolean", short: "h" } }, usage, {
      min: 1,
      max: 1,
      names: "shell (bash, zsh or fish)",
    });
    if (values.help) return help(term, usage);
    const shell = positionals[0]!;
    if (shell !== "bash" && shell !== "zsh" && shell !== "fish")
      throw new UsageError(`unknown shell "${shell}": bash, zsh or fish`, usage);
    term.out(completionScript(shell));
    return exitCodes.ok;
  },
};

/**
 * `trellis __complete <words…>` (hidden): the candidates for the last word, one per line.
 * The scripts call it, so every completion rule lives here, in TypeScript, tested.
 */
export const completeWords: Command = {
  name: "__complete",
  summary: "",
  usage: "Usage: trellis __complete <words…> (used by the completion scripts)",
  async run(argv, term) {
    // Dynamic import: cli.ts lists this command, so a static import would be a cycle.
    const { commands } = await import("../cli.ts");
    const found = await completions(commands, argv.length === 0 ? [""] : argv, {
      async meshes() {
        const context = argv[argv.indexOf("--context") + 1];
        const { client } = await connect(argv.includes("--context") ? { context } : {}, term.env);
        return (await client.meshes.list({ limit: 200 })).items.map((m) => m.name);
      },
      contexts: async () => Object.keys((await loadConfig(term.env)).contexts),
    });
    if (found.length > 0) term.out(found.join("\n"));
    return exitCodes.ok;
  },
};
