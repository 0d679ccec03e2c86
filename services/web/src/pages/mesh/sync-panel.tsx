import type { MeshSync } from "@trellis/sdk";
import { Badge, LoadError, Loading, Panel } from "../../components/ui.tsx";
import type { Polled } from "../../hooks/use-poll.ts";
import { ago } from "../../lib/format.ts";

/**
 * Per-cluster and per-proxy sync receipts: which config version each one runs. Proxies are
 * every data plane the connector serves — trellis-proxy, Envoy, proxyless gRPC — one row each.
 */
export function SyncPanel(props: { sync: Polled<MeshSync>; now: number }) {
  const { data, error, loading } = props.sync;
  return (
    <Panel title="Config sync">
      {error ? <LoadError error={error} what="the sync status" /> : null}
      {loading ? <Loading what="the sync status" /> : null}
      {data ? (
        <>
          <p data-testid="sync-summary">
            Desired version <strong>{data.desiredVersion}</strong>:{" "}
            {data.inSync ? (
              <Badge tone="good">everything in sync</Badge>
            ) : (
              <Badge tone="warn">rolling out</Badge>
            )}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Cluster / proxy</th>
                <th scope="col">Kind</th>
                <th scope="col">Applied</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {data.clusters.map((c) => (
                <tr key={`c-${c.cluster}`}>
                  <th scope="row">{c.cluster}</th>
                  <td class="muted">connector</td>
                  <td>{c.appliedVersion ?? "—"}</td>
                  <td>
                    {c.inSync ? (
                      <Badge tone="good">in sync</Badge>
                    ) : c.lastNack ? (
                      <Badge tone="bad">rejected: {c.lastNack.error}</Badge>
                    ) : (
                      <Badge tone={c.connected ? "warn" : "bad"}>
                        {c.connected ? "behind" : "disconnected"}
                        {c.laggingSince ? ` since ${ago(c.laggingSince, props.now)}` : ""}
                      </Badge>
                    )}
                  </td>
                </tr>
              ))}
              {data.proxies.map((p) => (
                <tr
                  key={`p-${p.cluster}-${p.proxy}`}
                  data-proxy={p.proxy}
                  data-kind={p.kind ?? "trellis-proxy"}
                >
                  <td class="indent">
                    {p.service}{" "}
                    <span class="muted">
                      ({p.cluster}/{p.proxy})
                    </span>
                  </td>
                  <td>{p.kind ?? "trellis-proxy"}</td>
                  <td>{p.appliedVersion ?? "—"}</td>
                  <td>
                    {p.inSync ? (
                      <Badge tone="good">in sync</Badge>
                    ) : p.lastNack && p.lastNack.version > (p.appliedVersion ?? -1) ? (
                      <Badge tone="bad">rejected: {p.lastNack.error}</Badge>
                    ) : (
                      <Badge tone="warn">behind</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </Panel>
  );
}
