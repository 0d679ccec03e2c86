import type { DiscoveredService } from "@trellis/sdk";
import { Link, LoadError, Loading, Panel } from "../../components/ui.tsx";
import type { Polled } from "../../hooks/use-poll.ts";

/** The services the connectors discovered, with endpoints per cluster. */
export function ServicesPanel(props: { mesh: string; services: Polled<DiscoveredService[]> }) {
  const { data, error, loading } = props.services;
  return (
    <Panel title="Services">
      {error ? <LoadError error={error} what="services" /> : null}
      {loading ? (
        <Loading what="services" />
      ) : (
        <table data-testid="services-table">
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Namespace</th>
              <th scope="col">Endpoints</th>
              <th scope="col">Clusters</th>
              <th scope="col">Ports</th>
            </tr>
          </thead>
          <tbody>
            {(data ?? []).map((s) => (
              <tr key={`${s.namespace}/${s.name}`}>
                <th scope="row">
                  <Link
                    href={`/meshes/${encodeURIComponent(props.mesh)}/traffic?service=${encodeURIComponent(`${s.namespace}/${s.name}`)}`}
                  >
                    {s.name}
                  </Link>
                </th>
                <td>{s.namespace}</td>
                <td>{s.endpoints}</td>
                <td>{s.clusters.map((c) => `${c.cluster} (${c.endpoints})`).join(", ")}</td>
                <td>{s.ports.map((p) => `${p.port}/${p.protocol}`).join(", ")}</td>
              </tr>
            ))}
            {data?.length === 0 ? (
              <tr>
                <td colSpan={5}>No services discovered yet. They appear when a connector reports them.</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
