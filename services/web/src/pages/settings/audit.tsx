import type { AuditEntry } from "@trellis/sdk";
import { api } from "../../api/client.ts";
import { DataTable } from "../../components/data-table.tsx";
import { Panel } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { dateTime } from "../../lib/format.ts";

/** The org's audit log, newest first (the latest 100 entries, refreshed live). */
export function AuditPage() {
  const audit = usePoll(async () => (await api.audit.list({ limit: 100 })).items, 5000, []);
  return (
    <div>
      <h1>Audit log</h1>
      <Panel title="Latest changes">
        <DataTable<AuditEntry>
          rows={audit}
          what="the audit log"
          empty="Nothing has changed yet."
          testId="audit-table"
          rowKey={(e) => e.id}
          columns={[
            { header: "When", cell: (e) => dateTime(e.at) },
            { header: "Who", cell: (e) => e.actorLabel },
            { header: "Action", cell: (e) => <code>{e.action}</code> },
            { header: "Target", cell: (e) => e.target },
            { header: "Request", class: "small", cell: (e) => <code>{e.requestId ?? "—"}</code> },
          ]}
        />
      </Panel>
    </div>
  );
}
