import type { Cluster } from "@trellis/sdk";
import { Badge, Link, LoadError, Loading, Panel } from "../../components/ui.tsx";
import type { Polled } from "../../hooks/use-poll.ts";
import { ago } from "../../lib/format.ts";
import { useSession } from "../../session.ts";

/** Clusters of the mesh: connection, connector version, last seen, config version. */
export function ClustersPanel(props: { mesh: string; clusters: Polled<Cluster[]>; now: number }) {
  const { can } = useSession();
  const { data, error, loading } = props.clusters;
  return (
    <Panel
      title="Clusters"
      actions={
        can("clusters") ? (
          <Link href={`/meshes/${encodeURIComponent(props.mesh)}/clusters/new`} class="button secondary">
            Add cluster
          </Link>
        ) : null
      }
    >
      {error ? <LoadError error={error} what="clusters" /> : null}
      {loading ? (
        <Loading what="clusters" />
      ) : (
        <table data-testid="clusters-table">
          <thead>
            <tr>
              <th scope="col">Cluster</th>
              <th scope="col">Status</th>
              <th scope="col">Connector</th>
              <th scope="col">Last seen</th>
              <th scope="col">Config</th>
            </tr>
          </thead>
          <tbody>
            {(data ?? []).map((c) => (
              <tr key={c.id} data-cluster={c.name}>
                <th scope="row">{c.name}</th>
                <td>{clusterStatus(c)}</td>
                <td>{c.connectorVersion ?? "—"}</td>
                <td>{ago(c.lastSeenAt, props.now)}</td>
                <td>
                  {c.appliedVersion ?? "—"} / {c.desiredVersion}
                  {c.lastNack ? (
                    <span class="field-error">
                      {" "}
                      rejected v{c.lastNack.version}: {c.lastNack.error}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
            {data?.length === 0 ? (
              <tr>
                <td colSpan={5}>No clusters yet.</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

function clusterStatus(c: Cluster) {
  if (c.revokedAt) return <Badge tone="idle">revoked</Badge>;
  if (c.connected) return <Badge tone="good">connected</Badge>;
  if (!c.credentialIssuedAt) return <Badge tone="info">waiting for connector</Badge>;
  return <Badge tone="bad">disconnected</Badge>;
}
