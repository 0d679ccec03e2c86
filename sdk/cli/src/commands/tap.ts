import { meshOptions, outputFormat, parseCommand } from "../args.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { connect } from "../connect.ts";
import { exitCodes, UsageError } from "../exit-codes.ts";
import { resolveMesh } from "../mesh-scope.ts";
import { tapLines } from "../tap-lines.ts";
import { paint } from "../terminal.ts";

const usage = `Usage: trellis tap <service> [--mesh <mesh>] [--namespace <ns>] [--path /x] [--max N] [--seconds N] [-o lines|json]

Streams live requests of a service, like \`linkerd viz tap\`: a \`req\` line and a \`rsp\` line
per sampled request (metadata only, never bodies). Stops at --max events, after
--seconds, or on Ctrl-C. Needs a member role or above; every tap is in the audit log.

  -n, --namespace <ns>  the service's namespace, when the name is in several
  --path <prefix>       only requests whose path starts with this, e.g. /api
  --max <n>             stop after this many requests (default 100, at most 1000)
  --seconds <n>         stop after this long (default 300, the most the server allows)
  -o json               one JSON object per request per line, for scripts
  -m, --mesh <mesh>     the mesh (default: TRELLIS_MESH, else the org's only mesh)
${connectHelp} (lines, json)`;

/** `trellis tap <service>`. */
export const tap: Command = {
  name: "tap",
  summary: "Stream live requests of a service (like linkerd viz tap)",
  usage,
  async run(argv, term) {
    const { values, positionals } = parseCommand(
      argv,
      {
        ...meshOptions,
        namespace: { type: "string", short: "n" },
        path: { type: "string" },
        max: { type: "string" },
        seconds: { type: "string" },
      },
      usage,
      { min: 1, max: 1, names: "service name" },
    );
    if (values.help) return help(term, usage);
    const format = outputFormat(values.output, ["lines", "json"] as const, usage);
    const max = positiveInt(values.max ?? "100", "--max", 1000);
    const seconds = positiveInt(values.seconds ?? "300", "--seconds", 300);
    if (values.path !== undefined && !values.path.startsWith("/"))
      throw new UsageError(`--path must start with "/", got "${values.path}"`, usage);
    const service = positionals[0]!;
    const { client } = await connect(values, term.env);
    const mesh = await resolveMesh(client, values.mesh, term.env, usage);
    const stream = client.tap(mesh, {
      service,
      ...(values.namespace ? { namespace: values.namespace } : {}),
      ...(values.path ? { path: values.path } : {}),
      max,
      seconds,
      signal: term.interrupted(),
      onStart: (s) =>
        term.err(
          paint(
            term,
            "gray",
            `tapping ${service} in mesh ${mesh} (clusters ${s.clusters.join(", ") || "-"}; ${s.tapId}); Ctrl-C to stop`,
          ),
        ),
    });
    let id = 0;
    for await (const e of stream) {
      id += 1;
      if (format === "json") term.out(JSON.stringify(e));
      else term.out(tapLines(id, e).join("\n"));
    }
    const end = stream.ended;
    const why =
      end?.reason === "aborted"
        ? "stopped"
        : end?.reason === "max_events"
          ? `ended: --max ${max} requests reached`
          : end?.reason === "max_duration"
            ? `ended: --seconds ${seconds} passed`
            : `ended: ${end?.reason ?? "unknown"}`;
    const dropped = end?.dropped ? `, ${end.dropped} dropped by the rate limit` : "";
    term.err(paint(term, "gray", `tap ${why} (${id} requests${dropped})`));
    return exitCodes.ok;

    function positiveInt(value: string, flag: string, most: number): number {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > most)
        throw new UsageError(`${flag} must be a whole number from 1 to ${most}, got "${value}"`, usage);
      return n;
    }
  },
};
