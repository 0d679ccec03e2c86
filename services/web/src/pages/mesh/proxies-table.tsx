import type { MeshProxy, MeshSync } from "@trellis/sdk";
import { useState } from "preact/hooks";
import { Badge, LoadError, Loading, Panel } from "../../components/ui.tsx";
import type { Polled } from "../../hooks/use-poll.ts";
import { ago, duration } from "../../lib/format.ts";

type SortKey = "service" | "kind" | "cluster" | "version" | "sync" | "health" | "cert";

/**
 * The proxy inventory with a text filter and sortable columns. A row is any mesh member the
 * connector reports: trellis-proxy, or an xDS client (Envoy, proxyless gRPC) with its user agent.
 */
export function ProxiesTable(props: {
  proxies: Polled<MeshProxy[]>;
  sync: MeshSync | undefined;
  now: number;
}) {
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: "service", asc: true });
  const { data, error, loading } = props.proxies;
  const syncOf = (p: MeshProxy) =>
    props.sync?.proxies.find((s) => s.proxy === p.id && s.cluster === p.cluster);
  const rows = (data ?? [])
    .map((p) => {
      const s = syncOf(p);
      const applied = p.appliedConfigVersion ?? s?.appliedVersion ?? null;
      const desired = p.desiredConfigVersion ?? s?.desiredVersion ?? props.sync?.desiredVersion ?? null;
      const certMs = p.certNotAfter ? Date.parse(p.certNotAfter) - props.now : null;
      return {
        p,
        applied,
        desired,
        inSync: applied !== null && desired !== null && applied >= desired,
        certMs,
      };
    })
    .filter(({ p }) => {
      const f = filter.trim().toLowerCase();
      return (
        !f ||
        [p.service, kindOf(p), p.cluster, p.version, p.health, p.id].some((v) => v?.toLowerCase().includes(f))
      );
    })
    .sort((a, b) => {
      const key = (r: typeof a): string | number => {
        switch (sort.key) {
          case "sync":
            return r.inSync ? 1 : 0;
          case "cert":
            return r.certMs ?? Number.POSITIVE_INFINITY;
          case "version":
            return r.p.version;
          case "kind":
            return kindOf(r.p);
          case "health":
            return r.p.health;
          default:
            return r.p[sort.key];
        }
      };
      const [x, y] = [key(a), key(b)];
      const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return sort.asc ? c : -c;
    });
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.asc ? "ascending" : "descending") : "none"}>
      <button
        type="button"
        class="sort"
        onClick={() => setSort((s) => ({ key, asc: s.key === key ? !s.asc : true }))}
      >
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.asc ? " ▲" : " ▼") : ""}</span>
      </button>
    </th>
  );
  return (
    <Panel title="Proxies">
      {error ? <LoadError error={error} what="proxies" /> : null}
      {loading ? <Loading what="proxies" /> : null}
      {data ? (
        <>
          <div class="field inline">
            <label for="proxy-filter">Filter proxies</label>
            <input
              id="proxy-filter"
              type="search"
              placeholder="service, kind, cluster, version, health"
              value={filter}
              onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <table data-testid="proxies-table">
            <thead>
              <tr>
                {header("service", "Service")}
                {header("kind", "Kind")}
                {header("cluster", "Cluster")}
                {header("version", "Version")}
                {header("sync", "Config sync")}
                {header("health", "Health")}
                {header("cert", "Cert expires")}
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ p, applied, desired, inSync, certMs }) => (
                <tr key={`${p.cluster}/${p.id}`} data-proxy={p.id} data-kind={kindOf(p)}>
                  <th scope="row">
                    {p.service}
                    <div class="muted small">{p.id}</div>
                  </th>
                  <td>
                    {kindOf(p)}
                    {p.userAgent ? <div class="muted small">{p.userAgent}</div> : null}
                  </td>
                  <td>{p.cluster}</td>
                  <td>{p.version}</td>
                  <td>
                    <Badge tone={inSync ? "good" : "warn"}>
                      {applied ?? "—"} / {desired ?? "—"}
                    </Badge>
                  </td>
                  <td>
                    <Badge
                      tone={p.health === "ready" && !p.stale ? "good" : p.health === "gone" ? "idle" : "bad"}
                    >
                      {p.stale && p.health !== "gone" ? `${p.health}, stale` : p.health}
                    </Badge>
                    {(p.flags ?? []).map((f) => (
                      <div class="small muted" key={f.flag}>
                        {f.reason}
                      </div>
                    ))}
                  </td>
                  <td>{certMs === null ? "—" : certMs <= 0 ? "expired" : `in ${duration(certMs)}`}</td>
                  <td>{ago(p.lastSeenAt ?? null, props.now)}</td>
                </tr>
              ))}
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={8}>{filter ? "No proxy matches the filter." : "No proxies reported yet."}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </>
      ) : null}
    </Panel>
  );
}

/** A control plane that predates `kind` lists trellis-proxies only. */
const kindOf = (p: MeshProxy) => p.kind ?? "trellis-proxy";
