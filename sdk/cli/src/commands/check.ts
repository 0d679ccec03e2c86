import { describeLagging, type TrellisClient } from "@trellis/sdk";
import { meshOptions, outputFormat, parseCommand } from "../args.ts";
import type { CheckResult } from "../check-result.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { connect, explain } from "../connect.ts";
import { exitCodes } from "../exit-codes.ts";
import { age, json } from "../output.ts";
import { paint, startSpinner, type Terminal } from "../terminal.ts";
import { checkCertificates } from "./check-certificates.ts";
import { checkResources } from "./check-resources.ts";

const usage = `Usage: trellis check [--mesh <mesh>] [-o json]

Checks, like \`linkerd check\`: the control plane is reachable, the credentials work, and
for each mesh (or --mesh): every cluster's connector is connected and runs the desired
config, every proxy is in sync, every resource is accepted with its references resolved
(a backend no cluster has discovered is a warning), and the certificates (CA issuer and roots, trust-bundle
rotation, proxies' leaf certificates) are valid and not about to expire. Exits 1 if any
check fails.

  -m, --mesh <mesh>  check only this mesh
${connectHelp} (json)`;

export type { CheckResult };

const symbols = { ok: ["✔", "green"], fail: ["✖", "red"], warn: ["‼", "yellow"] } as const;

/** `trellis check`. */
export const check: Command = {
  name: "check",
  summary: "Check connectivity, credentials, connectors and sync (like linkerd check)",
  usage,
  async run(argv, term) {
    const { values } = parseCommand(argv, meshOptions, usage, { min: 0, max: 0 });
    if (values.help) return help(term, usage);
    const format = outputFormat(values.output, ["table", "json"] as const, usage);
    const results: CheckResult[] = [];
    const emit = (r: CheckResult) => {
      results.push(r);
      if (format === "table") printResult(term, r, results);
    };
    const spinner = format === "table" ? startSpinner(term, "checking") : { update() {}, stop() {} };
    try {
      await runChecks(values, term, emit);
    } finally {
      spinner.stop();
    }
    const failed = results.some((r) => r.status === "fail");
    if (format === "json") term.out(json({ ok: !failed, checks: results }));
    else
      term.out(`\nStatus check results are ${failed ? paint(term, "red", "✖") : paint(term, "green", "✔")}`);
    return failed ? exitCodes.failure : exitCodes.ok;
  },
};

async function runChecks(
  values: { url?: string | undefined; token?: string | undefined; mesh?: string | undefined },
  term: Terminal,
  emit: (r: CheckResult) => void,
): Promise<void> {
  const api = "trellis-api";
  let conn: { client: TrellisClient; url: string };
  try {
    conn = await connect(values, term.env);
  } catch (err) {
    const e = explain(err);
    return emit({
      section: api,
      check: "credentials are configured",
      status: "fail",
      detail: e.message,
      ...(e.hint ? { hint: e.hint } : {}),
    });
  }
  const reach = await reachable(conn.url);
  emit({
    section: api,
    check: `control plane is reachable at ${conn.url}`,
    ...(reach === undefined
      ? { status: "ok" }
      : {
          status: "fail",
          detail: reach,
          hint: "is the control plane running? check the URL (--url, TRELLIS_URL or `trellis login --url`)",
        }),
  });
  if (reach !== undefined) return;
  let meshes: string[];
  try {
    const me = await conn.client.auth.me();
    emit({
      section: api,
      check: `credentials are valid (${me.user?.email ?? "API token"}, ${me.role} in ${me.org.name})`,
      status: "ok",
    });
    meshes = values.mesh ? [values.mesh] : (await conn.client.meshes.listAll()).map((m) => m.name);
  } catch (err) {
    const e = explain(err);
    return emit({
      section: api,
      check: "credentials are valid",
      status: "fail",
      detail: e.message,
      ...(e.hint ? { hint: e.hint } : {}),
    });
  }
  if (meshes.length === 0)
    emit({
      section: api,
      check: "the org has a mesh",
      status: "warn",
      hint: "create one with `trellis mesh create <name>`",
    });
  for (const mesh of meshes) {
    await checkMesh(conn.client, mesh, emit);
    await checkResources(conn.client, mesh, emit);
    await checkCertificates(conn.client, mesh, emit);
  }
}

async function checkMesh(client: TrellisClient, mesh: string, emit: (r: CheckResult) => void): Promise<void> {
  const section = `mesh ${mesh}`;
  try {
    const clusters = (await client.clusters(mesh).listAll()).filter((c) => c.revokedAt === null);
    if (clusters.length === 0)
      emit({
        section,
        check: "has clusters",
        status: "warn",
        hint: `add one with \`trellis cluster add <name> --mesh ${mesh}\``,
      });
    for (const c of clusters)
      emit({
        section,
        check: `cluster ${c.name}: connector is connected`,
        ...(c.connected
          ? { status: "ok", detail: `connector ${c.connectorVersion ?? "?"}` }
          : {
              status: "fail",
              detail: c.lastSeenAt ? `last seen ${age(c.lastSeenAt)} ago` : "never connected",
              hint: c.lastSeenAt
                ? "check the connector's logs and that it can reach the tunnel URL"
                : `install the connector: \`trellis cluster join ${c.name} --mesh ${mesh}\` prints its command with a fresh join token`,
            }),
      });
    const sync = await client.sync(mesh).get();
    const behind = describeLagging(sync);
    for (const c of sync.clusters) {
      const lag = behind.find((b) => b.kind === "cluster" && b.name === c.cluster);
      emit({
        section,
        check: `cluster ${c.cluster}: runs the desired config (v${c.desiredVersion})`,
        ...(lag
          ? {
              status: "fail",
              detail: lag.reason,
              hint: lag.reason.includes("NACK")
                ? "fix the resource the connector rejected, then `trellis apply` again"
                : "wait, or run `trellis sync --wait`",
            }
          : { status: "ok" }),
      });
    }
    const lagging = behind.filter((b) => b.kind === "proxy");
    if (sync.proxies.length > 0)
      emit({
        section,
        check: `proxies run the desired config (${sync.proxies.length - lagging.length}/${sync.proxies.length}: ${kindCounts(sync.proxies)})`,
        ...(lagging.length > 0
          ? {
              status: "fail",
              detail: lagging.map((l) => `${l.name}: ${l.reason}`).join("; "),
              hint: "see `trellis sync` for each proxy",
            }
          : { status: "ok" }),
      });
  } catch (err) {
    const e = explain(err);
    emit({
      section,
      check: "can be read",
      status: "fail",
      detail: e.message,
      ...(e.hint ? { hint: e.hint } : {}),
    });
  }
}

/** "5 trellis-proxy, 1 grpc-proxyless": the data planes of the mesh's proxies. Pure. */
export function kindCounts(proxies: readonly { kind?: string }[]): string {
  const counts = new Map<string, number>();
  for (const p of proxies)
    counts.set(p.kind ?? "trellis-proxy", (counts.get(p.kind ?? "trellis-proxy") ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
}

/** Undefined when `/healthz` answers 200 within 5 s; else why not. */
async function reachable(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${url.replace(/\/+$/, "")}/healthz`, { signal: AbortSignal.timeout(5_000) });
    return res.ok ? undefined : `/healthz answered HTTP ${res.status}`;
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (err as Error).message;
  }
}

function printResult(term: Terminal, r: CheckResult, all: CheckResult[]): void {
  const previous = all[all.length - 2];
  if (previous?.section !== r.section) {
    if (previous) term.out("");
    term.out(`${r.section}\n${"-".repeat(r.section.length)}`);
  }
  const [symbol, colour] = symbols[r.status];
  term.out(
    `${paint(term, colour, symbol)} ${r.check}${r.detail && r.status === "ok" ? paint(term, "gray", ` (${r.detail})`) : ""}`,
  );
  if (r.detail && r.status !== "ok") term.out(`    ${r.detail}`);
  if (r.hint) term.out(`    ${paint(term, "blue", `hint: ${r.hint}`)}`);
}
