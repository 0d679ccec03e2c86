import { metricWindows, proxyKinds } from "@trellis/protocol/api";
import { resourceKinds } from "@trellis/protocol/resources";
import type { Command } from "./command.ts";

/** What a completion may need from outside: meshes (from the API) and stored contexts. */
export interface CompletionSources {
  meshes: () => Promise<string[]>;
  contexts: () => Promise<string[]>;
}

/** `trellis cluster <add|list|get|delete>` → the subcommands a usage text names. Pure. */
export function subcommandsOf(usage: string): string[] {
  const m = /^Usage: trellis \S+ <([a-z-]+(?:\|[a-z-]+)+)>/m.exec(usage);
  return m ? m[1]!.split("|") : [];
}

/** Every `--flag` and `-f` a usage text mentions, plus the connection flags. Pure. */
export function flagsOf(usage: string): string[] {
  const flags = new Set(["--help"]);
  for (const m of usage.matchAll(/(?:^|[\s[(,])(--[a-z][a-z-]*|-[a-zA-Z])(?=[\s\]=,)|]|$)/gm))
    flags.add(m[1]!);
  return [...flags].sort();
}

/** The `-o` formats a usage text offers (`-o table|wide|json`). Pure. */
export function formatsOf(usage: string): string[] {
  const out = new Set<string>();
  for (const m of usage.matchAll(/-o (?:<f>\s+)?([a-z]+(?:\|[a-z]+)+)/g))
    for (const f of m[1]!.split("|")) out.add(f);
  return [...out];
}

/**
 * The candidates for the last word of `trellis <words…>` (the word being typed, maybe ""):
 * commands, then a command's subcommands, its flags, and the values of `-o`, `--window`,
 * `--mesh` and `--context`. Resource kinds after `get`/`delete`. Filtered by the prefix typed.
 */
export async function completions(
  commands: readonly Command[],
  words: readonly string[],
  sources: CompletionSources,
): Promise<string[]> {
  const current = words[words.length - 1] ?? "";
  const done = words.slice(0, -1);
  const pick = (all: readonly string[]) => all.filter((c) => c.startsWith(current));
  if (done.length === 0)
    return pick([...commands.map((c) => c.name).filter((n) => !n.startsWith("__")), "--help", "--version"]);
  const command = commands.find((c) => c.name === done[0]);
  if (!command) return [];
  const previous = done[done.length - 1]!;
  if (previous === "-o" || previous === "--output") return pick(formatsOf(command.usage));
  if (previous === "--window" || previous === "-w") return pick(metricWindows);
  if (previous === "--mesh" || previous === "-m") return pick(await sources.meshes().catch(() => []));
  if (previous === "--context") return pick(await sources.contexts().catch(() => []));
  if (current.startsWith("-")) return pick(flagsOf(command.usage));
  if ((command.name === "get" || command.name === "delete") && done.length === 1)
    return pick([
      ...resourceKinds.map((k) => k.toLowerCase()),
      ...(command.name === "get" ? ["all", "proxies"] : []),
    ]);
  if (previous === "--kind") return pick(proxyKinds);
  const subcommands = subcommandsOf(command.usage);
  if (done.length === 1 && subcommands.length > 0) return pick(subcommands);
  if (command.name === "context" && ["use", "rename", "delete"].includes(done[1] ?? "") && done.length === 2)
    return pick(await sources.contexts().catch(() => []));
  return [];
}

/** The script a shell sources; it asks `trellis __complete` for the candidates. */
export function completionScript(shell: "bash" | "zsh" | "fish"): string {
  if (shell === "bash")
    return `# trellis completion for bash. Load it with: source <(trellis completion bash)
_trellis() {
  local IFS=$'\\n'
  local candidates
  candidates=$(trellis __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  COMPREPLY=($(compgen -W "$candidates" -- "\${COMP_WORDS[COMP_CWORD]}"))
}
complete -o default -F _trellis trellis`;
  if (shell === "zsh")
    return `#compdef trellis
# trellis completion for zsh. Load it with: source <(trellis completion zsh)
_trellis() {
  local -a candidates
  candidates=("\${(@f)$(trellis __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  candidates=(\${candidates:#})
  if (( \${#candidates} )); then compadd -a candidates; else _files; fi
}
compdef _trellis trellis`;
  return `# trellis completion for fish. Load it with: trellis completion fish | source
function __trellis_complete
  set -l tokens (commandline -opc) (commandline -ct)
  trellis __complete $tokens[2..-1] 2>/dev/null
end
complete -c trellis -a '(__trellis_complete)'`;
}
