import type { Cluster } from "@trellis/sdk";
import { type ProxyRow, proxyId } from "../../api/observability.ts";
import { Badge, Panel } from "../../components/ui.tsx";
import { duration } from "../../lib/format.ts";
import { staticStability } from "../../lib/static-stability.ts";

/**
 * How long the mesh keeps serving if Trellis became unreachable now: connectors hold their
 * last-known-good config on disk, so the limit is the earliest workload certificate expiry.
 */
export function StaticStabilityPanel(props: {
  clusters: Cluster[] | undefined;
  proxies: ProxyRow[] | undefined;
  now: number;
}) {
  const figure = staticStability({
    nowMs: props.now,
    clusters: (props.clusters ?? []).map((c) => ({
      name: c.name,
      appliedVersion: c.appliedVersion,
      revoked: c.revokedAt !== null,
    })),
    proxies: (props.proxies ?? []).map((p) => ({
      cluster: p.cluster,
      name: `${p.service}/${proxyId(p)}`,
      certNotAfter: p.certNotAfter ?? null,
      gone: p.health === "gone",
    })),
  });
  const hours = figure.survivesMs === null ? null : figure.survivesMs / 3_600_000;
  const tone = hours === null ? "idle" : hours >= 6 ? "good" : hours > 1 ? "warn" : "bad";
  return (
    <Panel title="Static stability">
      <p class="big-figure" data-testid="static-stability">
        {figure.survivesMs === null ? "—" : duration(figure.survivesMs)}
      </p>
      <p>
        <Badge tone={tone}>
          {figure.survivesMs === null ? "unknown" : "if Trellis were unreachable from now"}
        </Badge>{" "}
        {figure.limitedBy}.
      </p>
      <p class="muted small">
        Connectors keep serving their last-known-good config from disk; proxies keep their certificates until
        they expire. Without proxy reports (the proxy inventory) the figure is unknown.
      </p>
      {figure.clusters.length > 0 ? (
        <ul>
          {figure.clusters.map((c) => (
            <li key={c.cluster}>
              <strong>{c.cluster}</strong>: {c.survivesMs === null ? "unknown" : duration(c.survivesMs)} —{" "}
              {c.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </Panel>
  );
}
