import { metricWindows } from "@trellis/protocol/api";
import { type MetricWindow, NotFoundError, type ServiceGraph, type TrellisClient } from "@trellis/sdk";
import { meshOptions, outputFormat, parseCommand } from "../args.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { connect } from "../connect.ts";
import { CliError, exitCodes, UsageError } from "../exit-codes.ts";
import { isService, statCells, statHeaders } from "../golden.ts";
import { resolveMesh } from "../mesh-scope.ts";
import { json, table } from "../output.ts";

const usage = `Usage: trellis stat <service> [--mesh <mesh>] [--namespace <ns>] [--window 5m|1h|24h|7d] [-o table|json]

Golden metrics of the traffic a service served, like \`linkerd viz stat\`: success rate,
requests per second and latency percentiles over the window — first all of it, then per
calling service (edge) with the routes it used.

  -n, --namespace <ns>  the service's namespace (default: every namespace)
  -w, --window <w>      5m (default), 1h, 24h or 7d
  -m, --mesh <mesh>     the mesh (default: TRELLIS_MESH, else the org's only mesh)
${connectHelp} (table, json)`;

/** `trellis stat <service>`. */
export const stat: Command = {
  name: "stat",
  summary: "Golden metrics of a service: success rate, RPS, latency (like linkerd viz stat)",
  usage,
  async run(argv, term) {
    const { values, positionals } = parseCommand(
      argv,
      {
        ...meshOptions,
        namespace: { type: "string", short: "n" },
        window: { type: "string", short: "w" },
      },
      usage,
      { min: 1, max: 1, names: "service name" },
    );
    if (values.help) return help(term, usage);
    const format = outputFormat(values.output, ["table", "json"] as const, usage);
    const window = parseWindow(values.window, usage);
    const service = positionals[0]!;
    const { client } = await connect(values, term.env);
    const mesh = await resolveMesh(client, values.mesh, term.env, usage);
    const obs = client.observability(mesh);
    const [metrics, graph] = await Promise.all([
      obs.metrics({ service, namespace: values.namespace, window }),
      obs.graph({ window }),
    ]);
    const edges = inboundEdges(graph, service, values.namespace);
    if (metrics.totals.requests === 0 && !(await serviceExists(client, mesh, service, values.namespace)))
      throw new CliError(
        `no service ${values.namespace ? `${values.namespace}/` : ""}${service} in mesh ${mesh}, and no traffic to it in the last ${window}`,
        exitCodes.failure,
        "check the name: connectors discover services; `trellis top` lists the busy ones",
      );
    if (format === "json") {
      term.out(
        json({ mesh, service, namespace: values.namespace ?? null, window, totals: metrics.totals, edges }),
      );
      return exitCodes.ok;
    }
    const name = values.namespace ? `${values.namespace}/${service}` : service;
    term.out(
      table(
        ["NAME", "FROM", "ROUTES", ...statHeaders],
        [
          [name, "*", "*", ...statCells(metrics.totals)],
          ...edges.map((e) => [
            name,
            e.source,
            e.routes.map((r) => r || "(default)").join(","),
            ...statCells(e),
          ]),
        ],
      ),
    );
    if (metrics.totals.requests === 0) term.err(`no traffic to ${name} in the last ${window}`);
    return exitCodes.ok;
  },
};

/** `--window`, checked against what the API answers. */
export function parseWindow(value: string | undefined, usage: string): MetricWindow {
  const w = (value ?? "5m") as MetricWindow;
  if (!metricWindows.includes(w))
    throw new UsageError(`--window must be one of ${metricWindows.join(", ")}, got "${value}"`, usage);
  return w;
}

/** The edges into the service, busiest first. */
function inboundEdges(graph: ServiceGraph, service: string, namespace: string | undefined) {
  return graph.edges
    .filter((e) => isService(e.destination, service, namespace))
    .sort((a, b) => b.rps - a.rps || a.source.localeCompare(b.source));
}

/** Whether connectors discovered the service; true when the server cannot say (older API). */
async function serviceExists(client: TrellisClient, mesh: string, service: string, namespace?: string) {
  try {
    const all = await client.services(mesh).listAll();
    return all.some((s) => s.name === service && (!namespace || s.namespace === namespace));
  } catch (err) {
    if (err instanceof NotFoundError && err.routeMissing) return true;
    throw err;
  }
}
