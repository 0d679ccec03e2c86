import { type ProxyKind, proxyKinds } from "@trellis/protocol/api";
import type { MeshProxy, TrellisClient } from "@trellis/sdk";
import { CliError, exitCodes, UsageError } from "../exit-codes.ts";
import { age, fromNow, type ListFormat, print, table } from "../output.ts";
import type { Terminal } from "../terminal.ts";

/** `proxies`, `proxy`, `px`: the names `trellis get` takes for the proxy inventory. */
export const isProxiesKind = (arg: string) => /^(proxy|proxies|px)$/i.test(arg);

/** A control plane that predates `kind` lists trellis-proxies only. */
const kindOf = (p: MeshProxy): ProxyKind => p.kind ?? "trellis-proxy";

/**
 * The inventory as a table: every mesh member the connectors report — trellis-proxy, Envoy
 * sidecars and proxyless gRPC workloads — with its kind, release, config receipt and health.
 * Wide adds the user agent, identity and certificate expiry. Pure.
 */
export function proxiesTable(proxies: MeshProxy[], wide: boolean, nowMs = Date.now()): string {
  return table(
    [
      "NAME",
      "KIND",
      "SERVICE",
      "CLUSTER",
      "VERSION",
      "CONFIG",
      "HEALTH",
      "LAST SEEN",
      ...(wide ? ["USER AGENT", "IDENTITY", "CERT EXPIRES"] : []),
    ],
    proxies.map((p) => [
      p.id,
      kindOf(p),
      `${p.namespace}/${p.service || "-"}`,
      p.cluster,
      p.version || "-",
      `${p.appliedConfigVersion === null ? "-" : `v${p.appliedConfigVersion}`}/v${p.desiredConfigVersion}`,
      p.stale && p.health !== "gone" ? `${p.health},stale` : p.health,
      age(p.lastSeenAt, nowMs),
      ...(wide
        ? [p.userAgent || "-", p.identity || "-", p.certNotAfter ? fromNow(p.certNotAfter, nowMs) : "-"]
        : []),
    ]),
  );
}

/** `trellis get proxies [id] [--kind k] [-n ns]`: the mesh's proxy inventory. */
export async function getProxies(input: {
  term: Terminal;
  client: TrellisClient;
  mesh: string;
  id: string | undefined;
  kind: string | undefined;
  namespace: string | undefined;
  format: ListFormat;
  usage: string;
}): Promise<number> {
  const { term, client, mesh, format } = input;
  if (input.kind !== undefined && !(proxyKinds as readonly string[]).includes(input.kind))
    throw new UsageError(`--kind must be one of ${proxyKinds.join(", ")}, got "${input.kind}"`, input.usage);
  const kind = input.kind as ProxyKind | undefined;
  const all = (await client.proxies(mesh, kind ? { kind } : {}).listAll()).filter(
    (p) =>
      (!input.namespace || p.namespace === input.namespace) &&
      (!input.id || p.id === input.id) &&
      (!kind || kindOf(p) === kind),
  );
  if (input.id && all.length === 0)
    throw new CliError(
      `no proxy "${input.id}" in mesh ${mesh}`,
      exitCodes.failure,
      `\`trellis get proxies --mesh ${mesh}\` lists them`,
    );
  if ((format === "table" || format === "wide") && all.length === 0) {
    term.out(`no proxies in mesh ${mesh}${kind ? ` of kind ${kind}` : ""}`);
    return exitCodes.ok;
  }
  print(
    term,
    format,
    input.id ? all[0] : all,
    (wide) => proxiesTable(all, wide),
    () => all.map((p) => `proxy/${p.id}`),
  );
  return exitCodes.ok;
}
