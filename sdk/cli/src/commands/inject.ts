import { defaultInjectionSettings, defaultNamespace } from "@trellis/protocol/install";
import { parseCommand } from "../args.ts";
import { type Command, help } from "../command.ts";
import { readSources } from "../documents.ts";
import { CliError, exitCodes, UsageError } from "../exit-codes.ts";
import { injectDocuments } from "../install/inject-documents.ts";
import { readStdin } from "../prompt.ts";

const usage = `Usage: trellis inject -f <file|dir|-> [-f …] [flags] | kubectl apply -f -

Adds trellis-proxy and its trellis-proxy-init container to the pods of Deployments,
StatefulSets, DaemonSets and Pods — exactly what the injector webhook does in a cluster
with a namespace labelled trellis.dev/inject=enabled — and prints every document back,
other documents and comments unchanged. A workload that already has the proxy, or that
says trellis.dev/inject: disabled, is left as it is.

  -f, --filename <p>           a file, a directory (its .yaml/.yml/.json files) or - for stdin
  --connector-namespace <ns>   where the connector runs (default ${defaultNamespace})
  --proxy-image <ref>, --proxy-init-image <ref>
  --no-native-sidecar          a regular container instead of a native sidecar (Kubernetes < 1.29)`;

const options = {
  filename: { type: "string", short: "f", multiple: true },
  "connector-namespace": { type: "string" },
  "proxy-image": { type: "string" },
  "proxy-init-image": { type: "string" },
  "no-native-sidecar": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `trellis inject`: the webhook's mutation, offline. */
export const inject: Command = {
  name: "inject",
  summary: "Add the proxy to workloads in YAML, as the injector webhook does",
  usage,
  async run(argv, term) {
    const { values } = parseCommand(argv, options, usage, { min: 0, max: 0 });
    if (values.help) return help(term, usage);
    const files = values.filename ?? [];
    if (files.length === 0)
      throw new UsageError("-f is required (a file, a directory or - for stdin)", usage);
    const defaults = defaultInjectionSettings(values["connector-namespace"] ?? defaultNamespace);
    const settings = {
      ...defaults,
      proxyImage: values["proxy-image"] ?? defaults.proxyImage,
      proxyInitImage: values["proxy-init-image"] ?? defaults.proxyInitImage,
      nativeSidecar: !values["no-native-sidecar"],
    };
    const outputs: string[] = [];
    const problems: string[] = [];
    for (const target of files) {
      const sources = await readSources(target, readStdin).catch((err: NodeJS.ErrnoException) => {
        throw new UsageError(
          `cannot read ${target}: ${err.code === "ENOENT" ? "no such file or directory" : err.message}`,
          usage,
        );
      });
      for (const { file, text } of sources) {
        const report = injectDocuments(file, text, settings);
        problems.push(...report.problems);
        for (const line of report.lines) term.err(line);
        if (report.text) outputs.push(report.text);
      }
    }
    if (problems.length > 0)
      throw new CliError(
        problems.join("\n"),
        exitCodes.failure,
        "nothing was printed: fix the documents above and run again",
      );
    if (outputs.length === 0) throw new UsageError(`no documents found in ${files.join(", ")}`, usage);
    term.out(outputs.join("---\n"));
    return exitCodes.ok;
  },
};
