import type { MeshSync } from "@trellis/sdk";
import { describeLagging, SyncTimeoutError } from "@trellis/sdk";
import { meshOptions, outputFormat, parseCommand, parseDurationMs } from "../args.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { connect } from "../connect.ts";
import { CliError, exitCodes } from "../exit-codes.ts";
import { resolveMesh } from "../mesh-scope.ts";
import { json, table } from "../output.ts";
import { paint, startSpinner } from "../terminal.ts";

const usage = `Usage: trellis sync [--mesh <mesh>] [--wait [--timeout 60s]] [-o table|json]

Shows which config version each cluster and proxy runs against the desired one (a
proxy's KIND is its data plane: trellis-proxy, envoy or grpc-proxyless). With
--wait, waits until all run it; on timeout exits 1 listing what is behind and why.

  --wait             wait for the mesh to be in sync
  --timeout <d>      how long to wait (default 60s; e.g. 30s, 2m)
  -m, --mesh <mesh>  the mesh (default: TRELLIS_MESH, else the org's only mesh)
${connectHelp} (table, json)`;

function syncTable(s: MeshSync): string {
  return table(
    ["KIND", "NAME", "CLUSTER", "APPLIED", "DESIRED", "IN SYNC"],
    [
      ...s.clusters.map((c) => [
        "cluster",
        c.cluster,
        c.cluster,
        v(c.appliedVersion),
        `v${c.desiredVersion}`,
        c.inSync ? "yes" : "no",
      ]),
      // A proxy's KIND is its data plane (absent from control planes that predate it).
      ...s.proxies.map((p) => [
        p.kind ?? "trellis-proxy",
        p.proxy,
        p.cluster,
        v(p.appliedVersion),
        `v${p.desiredVersion}`,
        p.inSync ? "yes" : "no",
      ]),
    ],
  );
}
const v = (n: number | null) => (n === null ? "-" : `v${n}`);

/** `trellis sync [--wait]`. */
export const sync: Command = {
  name: "sync",
  summary: "Show or wait for config sync of clusters and proxies",
  usage,
  async run(argv, term) {
    const { values } = parseCommand(
      argv,
      { ...meshOptions, wait: { type: "boolean" }, timeout: { type: "string" } },
      usage,
      { min: 0, max: 0 },
    );
    if (values.help) return help(term, usage);
    const format = outputFormat(values.output, ["table", "json"] as const, usage);
    const timeoutMs = parseDurationMs(values.timeout ?? "60s", "--timeout", usage);
    const { client } = await connect(values, term.env);
    const mesh = await resolveMesh(client, values.mesh, term.env, usage);
    let status: MeshSync;
    if (values.wait) {
      const spinner = startSpinner(term, `waiting for mesh ${mesh} to sync`);
      try {
        status = await client.waitForSync(mesh, {
          timeoutMs,
          onProgress: (_s, behind) =>
            spinner.update(`waiting for mesh ${mesh} to sync: ${behind.length} behind`),
        });
      } catch (err) {
        if (!(err instanceof SyncTimeoutError)) throw err;
        if (format === "json")
          term.out(json({ mesh, inSync: false, behind: err.behind, status: err.lastStatus ?? null }));
        const lines = err.behind.map((b) => `  ${b.kind} ${b.name}: ${b.reason}`).join("\n");
        throw new CliError(
          `mesh ${mesh} is not in sync after ${values.timeout ?? "60s"}${lines ? `:\n${lines}` : ""}`,
          exitCodes.failure,
          "check the connectors with `trellis check`",
        );
      } finally {
        spinner.stop();
      }
    } else {
      status = await client.sync(mesh).get();
    }
    const behind = describeLagging(status);
    if (format === "json") term.out(json({ ...status, behind }));
    else {
      if (status.clusters.length + status.proxies.length > 0) term.out(syncTable(status));
      term.out(
        status.inSync
          ? `${paint(term, "green", "✔")} mesh ${mesh} is in sync at v${status.desiredVersion}`
          : `${paint(term, "yellow", "‼")} mesh ${mesh} is not in sync (desired v${status.desiredVersion}): ${behind.length} behind`,
      );
    }
    return exitCodes.ok;
  },
};
