import { api } from "../../api/client.ts";
import { Badge, LoadError, Panel } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { rolloutReceipt } from "../../lib/receipt.ts";

/**
 * After a save: which clusters and proxies have applied the new config version, polled
 * every second from the mesh's sync status until everything has.
 */
export function RolloutReceipt(props: { mesh: string; version: number }) {
  const sync = usePoll(() => api.sync(props.mesh).get(), 1000, [props.mesh, props.version]);
  const receipt = sync.data ? rolloutReceipt(sync.data, props.version) : null;
  return (
    <Panel title={`Rollout receipt — version ${props.version}`} id="receipt">
      {sync.error ? <LoadError error={sync.error} what="the sync status" /> : null}
      {receipt ? (
        <>
          <p role="status" aria-live="polite" data-testid="receipt-summary" data-percent={receipt.percent}>
            {receipt.total === 0
              ? "No cluster in this mesh yet: the change applies when one connects."
              : `${receipt.applied} of ${receipt.total} applied (${receipt.percent}%)`}{" "}
            {receipt.percent === 100 ? (
              <Badge tone="good">rolled out</Badge>
            ) : (
              <Badge tone="warn">rolling out</Badge>
            )}
          </p>
          <progress max={100} value={receipt.percent} aria-label="Rollout progress" />
          <table>
            <thead>
              <tr>
                <th scope="col">Where</th>
                <th scope="col">Cluster</th>
                <th scope="col">Running version</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {receipt.rows.map((r) => (
                <tr key={`${r.kind}-${r.cluster}-${r.name}`}>
                  <td data-kind={r.dataPlane}>
                    {r.dataPlane} {r.kind === "proxy" ? r.name : ""}
                  </td>
                  <td>{r.cluster}</td>
                  <td>{r.appliedVersion ?? "—"}</td>
                  <td>
                    <Badge tone={r.applied ? "good" : r.detail.startsWith("rejected") ? "bad" : "warn"}>
                      {r.detail}
                    </Badge>
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
