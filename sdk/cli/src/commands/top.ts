import type { MetricWindow, ServiceGraph, TrellisClient } from "@trellis/sdk";
import { meshOptions, outputFormat, parseCommand, parseDurationMs } from "../args.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { connect, explain } from "../connect.ts";
import { exitCodes } from "../exit-codes.ts";
import { byRps, statCells, statHeaders } from "../golden.ts";
import { resolveMesh } from "../mesh-scope.ts";
import { json, table } from "../output.ts";
import { paint, type Terminal } from "../terminal.ts";
import { parseWindow } from "./stat.ts";

const usage = `Usage: trellis top [--mesh <mesh>] [--window 5m|1h|24h|7d] [--interval 2s] [-o table|json]

The services of a mesh by requests per second, with success rate and latency of the
traffic each served. On a terminal it refreshes until Ctrl-C; piped, or with -o json, it
prints once.

  -w, --window <w>      5m (default), 1h, 24h or 7d
  --interval <d>        refresh period on a terminal (default 2s)
  -m, --mesh <mesh>     the mesh (default: TRELLIS_MESH, else the org's only mesh)
${connectHelp} (table, json)`;

/** `trellis top`. */
export const top: Command = {
  name: "top",
  summary: "Services of a mesh by RPS, refreshing (like top)",
  usage,
  async run(argv, term) {
    const { values } = parseCommand(
      argv,
      { ...meshOptions, window: { type: "string", short: "w" }, interval: { type: "string" } },
      usage,
      { min: 0, max: 0 },
    );
    if (values.help) return help(term, usage);
    const format = outputFormat(values.output, ["table", "json"] as const, usage);
    const window = parseWindow(values.window, usage);
    const intervalMs = Math.max(500, parseDurationMs(values.interval ?? "2s", "--interval", usage));
    const { client } = await connect(values, term.env);
    const mesh = await resolveMesh(client, values.mesh, term.env, usage);
    const read = () => client.observability(mesh).graph({ window });
    if (format === "json") {
      term.out(json({ mesh, window, services: rows(await read()) }));
      return exitCodes.ok;
    }
    if (!term.tty) {
      term.out(topTable(await read()));
      return exitCodes.ok;
    }
    await refresh(term, client, mesh, window, intervalMs);
    return exitCodes.ok;
  },
};

const rows = (graph: ServiceGraph) => byRps(graph.nodes);

/** The table: busiest service first. Pure. */
export function topTable(graph: ServiceGraph): string {
  const r = rows(graph);
  if (r.length === 0) return "no traffic in this window";
  return table(
    ["SERVICE", ...statHeaders],
    r.map((n) => [n.id, ...statCells(n)]),
  );
}

/** Redraws the screen every interval until Ctrl-C; a failed read shows its error and retries. */
async function refresh(
  term: Terminal,
  client: TrellisClient,
  mesh: string,
  window: MetricWindow,
  intervalMs: number,
): Promise<void> {
  const stop = term.interrupted();
  const clear = "\u001b[H\u001b[2J";
  while (!stop.aborted) {
    let body: string;
    try {
      body = topTable(await client.observability(mesh).graph({ window }, { signal: stop }));
    } catch (err) {
      if (stop.aborted) break;
      body = `${paint(term, "red", "error:")} ${explain(err).message} (retrying)`;
    }
    const title = `trellis top — mesh ${mesh}, window ${window}, ${new Date().toLocaleTimeString()} (Ctrl-C to quit)`;
    term.out(`${clear}${paint(term, "bold", title)}\n\n${body}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, intervalMs);
      stop.addEventListener("abort", done, { once: true });
      function done() {
        clearTimeout(timer);
        stop.removeEventListener("abort", done);
        resolve();
      }
    });
  }
}
