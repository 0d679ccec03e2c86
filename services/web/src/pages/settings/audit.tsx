import { api } from "../../api/client.ts";
import { LoadError, Loading, Panel } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { dateTime } from "../../lib/format.ts";

/** The org's audit log, newest first (the latest 100 entries, refreshed live). */
export function AuditPage() {
  const audit = usePoll(() => api.audit.list({ limit: 100 }), 5000, []);
  return (
    <div>
      <h1>Audit log</h1>
      <Panel title="Latest changes">
        {audit.error ? <LoadError error={audit.error} what="the audit log" /> : null}
        {audit.loading ? (
          <Loading what="the audit log" />
        ) : (
          <table data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Request</th>
              </tr>
            </thead>
            <tbody>
              {(audit.data?.items ?? []).map((e) => (
                <tr key={e.id}>
                  <td>{dateTime(e.at)}</td>
                  <td>{e.actorLabel}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{e.target}</td>
                  <td class="small">
                    <code>{e.requestId ?? "—"}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </div>
  );
}
