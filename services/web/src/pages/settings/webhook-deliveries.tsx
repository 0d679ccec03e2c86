import { listDeliveries } from "../../api/webhooks.ts";
import { Badge, LoadError, Loading } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { dateTime } from "../../lib/format.ts";

const tone = { delivered: "good", pending: "warn", failed: "bad" } as const;

/** The newest deliveries of one webhook: status, attempts, the receiver's answer. Live. */
export function WebhookDeliveries(props: { id: string; url: string }) {
  const deliveries = usePoll(() => listDeliveries(props.id), 5000, [props.id]);
  return (
    <section aria-label={`Deliveries to ${props.url}`} data-testid="webhook-deliveries">
      {deliveries.error ? <LoadError error={deliveries.error} what="deliveries" /> : null}
      {deliveries.loading ? <Loading what="deliveries" /> : null}
      {deliveries.data ? (
        <table class="compact">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Receiver answered</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  {d.eventType}
                  <div class="muted small">{d.eventId}</div>
                </th>
                <td>
                  <Badge tone={tone[d.status]}>{d.status}</Badge>
                  {d.status === "pending" && d.nextAttemptAt ? (
                    <div class="muted small">next try {dateTime(d.nextAttemptAt)}</div>
                  ) : null}
                </td>
                <td>{d.attempts}</td>
                <td>
                  {d.lastStatusCode ?? "—"}
                  {d.lastError ? <div class="field-error small">{d.lastError}</div> : null}
                </td>
                <td>{dateTime(d.createdAt)}</td>
              </tr>
            ))}
            {deliveries.data.length === 0 ? (
              <tr>
                <td colSpan={5}>
                  No deliveries yet: one is sent when a health flag is raised or cleared in any mesh.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
