import type { Cluster, MeshProxy } from "@trellis/sdk";
import { Badge } from "../../components/ui.tsx";
import { dateTime, duration } from "../../lib/format.ts";
import { staticStability } from "../../lib/static-stability.ts";

/**
 * The headline of the mesh overview: how long the mesh keeps serving if Trellis became
 * unreachable now, and why — per cluster, the config version its connector keeps on disk
 * and the proxy certificate that expires first.
 */
export function StaticStabilityPanel(props: {
  clusters: Cluster[] | undefined;
  proxies: MeshProxy[] | undefined;
  now: number;
}) {
  const figure = staticStability({
    nowMs: props.now,
    clusters: (props.clusters ?? []).map((c) => ({
      name: c.name,
      appliedVersion: c.appliedVersion,
      desiredVersion: c.desiredVersion,
      connected: c.connected,
      revoked: c.revokedAt !== null,
    })),
    proxies: (props.proxies ?? []).map((p) => ({
      cluster: p.cluster,
      name: p.workload ? `${p.workload} (${p.id})` : p.id,
      certNotAfter: p.certNotAfter,
      gone: p.health === "gone",
    })),
  });
  const hours = figure.survivesMs === null ? null : figure.survivesMs / 3_600_000;
  const tone = hours === null ? "idle" : hours >= 6 ? "good" : hours > 1 ? "warn" : "bad";
  return (
    <section
      class={`stability stability-${tone}`}
      aria-labelledby="stability-title"
      data-testid="static-stability-panel"
    >
      <div class="stability-figure">
        <h2 id="stability-title">Static stability</h2>
        <p class="big-figure" data-testid="static-stability" data-ms={figure.survivesMs ?? ""}>
          {figure.survivesMs === null ? "unknown" : duration(figure.survivesMs)}
        </p>
        <p>
          <Badge tone={tone}>
            {figure.survivesMs === null
              ? "not known yet"
              : `keeps working without Trellis until ${dateTime(figure.untilIso)}`}
          </Badge>
        </p>
      </div>
      <div class="stability-why">
        <p>
          If Trellis became unreachable now, traffic keeps flowing: each connector serves the last config it
          acknowledged from disk (it survives restarts), and each proxy keeps its certificate. What runs out
          is certificates — none can be renewed — so a cluster lasts until its first proxy certificate
          expires, and the mesh as long as its weakest cluster.
        </p>
        <p>
          <strong>Limited by</strong> {figure.limitedBy}.
        </p>
        {figure.clusters.length > 0 ? (
          <table class="compact" data-testid="stability-clusters">
            <thead>
              <tr>
                <th scope="col">Cluster</th>
                <th scope="col">Last-known-good config</th>
                <th scope="col">First certificate to expire</th>
                <th scope="col">Survives</th>
              </tr>
            </thead>
            <tbody>
              {figure.clusters.map((c) => (
                <tr key={c.cluster} title={c.reason}>
                  <th scope="row">{c.cluster}</th>
                  <td>{c.configVersion === null ? "none (never synced)" : `v${c.configVersion} on disk`}</td>
                  <td>
                    {c.earliest ? (
                      <>
                        {c.earliest.proxy} <span class="muted small">at {dateTime(c.earliest.notAfter)}</span>
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>{c.survivesMs === null ? "—" : duration(c.survivesMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </section>
  );
}
