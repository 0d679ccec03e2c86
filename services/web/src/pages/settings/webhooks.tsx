import type { CreatedWebhook, Webhook } from "@trellis/sdk";
import { useState } from "preact/hooks";
import { createWebhook, deleteWebhook, listWebhooks } from "../../api/webhooks.ts";
import { DataTable } from "../../components/data-table.tsx";
import { Form, FormField, useForm } from "../../components/form.tsx";
import { CopyButton, Panel } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { describe } from "../../lib/api-errors.ts";
import { dateTime } from "../../lib/format.ts";
import { useSession } from "../../session.ts";
import { WebhookDeliveries } from "./webhook-deliveries.tsx";

/** Alert webhooks: URLs that receive signed events when a health flag is raised or cleared. */
export function WebhooksPage() {
  const { can } = useSession();
  const editable = can("webhooks");
  const hooks = usePoll(listWebhooks, 5000, []);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState("");
  return (
    <div>
      <h1>Alert webhooks</h1>
      {error ? (
        <div class="alert" role="alert">
          {error}
        </div>
      ) : null}
      {secret ? (
        <div class="success card" role="status" data-testid="webhook-secret">
          <p>
            <strong>Signing secret for {secret.url}</strong> — copy it now: it will not be shown again. Verify
            the <code>X-Trellis-Signature</code> header of each delivery with it.
          </p>
          <div class="command">
            <pre>
              <code>{secret.secret}</code>
            </pre>
            <CopyButton text={secret.secret} label="Copy secret" />
          </div>
          <button type="button" class="secondary" onClick={() => setSecret(null)}>
            I have copied it
          </button>
        </div>
      ) : null}
      <Panel title="Webhooks">
        <DataTable<Webhook>
          rows={hooks}
          what="webhooks"
          empty="No webhooks yet."
          testId="webhooks-table"
          rowKey={(h) => h.id}
          after={(h) => (open === h.id ? <WebhookDeliveries id={h.id} url={h.url} /> : null)}
          columns={[
            { header: "URL", rowHeader: true, cell: (h) => <code>{h.url}</code> },
            { header: "Description", cell: (h) => h.description || "—" },
            { header: "Created", cell: (h) => dateTime(h.createdAt) },
            {
              header: "Actions",
              class: "row-actions",
              cell: (h) => (
                <>
                  <button
                    type="button"
                    class="secondary"
                    aria-expanded={open === h.id}
                    onClick={() => setOpen(open === h.id ? null : h.id)}
                  >
                    {open === h.id ? "Hide deliveries" : "Deliveries"}
                  </button>
                  {editable ? (
                    <button
                      type="button"
                      class="danger"
                      onClick={async () => {
                        if (!window.confirm(`Delete the webhook to ${h.url}?`)) return;
                        try {
                          await deleteWebhook(h.id);
                          hooks.refresh();
                        } catch (err) {
                          setError(describe(err));
                        }
                      }}
                    >
                      Delete
                    </button>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      </Panel>
      {editable && hooks.data ? (
        <AddWebhook
          onCreated={(h) => {
            setSecret({ url: h.url, secret: h.secret });
            hooks.refresh();
          }}
        />
      ) : null}
    </div>
  );
}

function AddWebhook(props: { onCreated: (h: CreatedWebhook) => void }) {
  const form = useForm({ url: "", description: "" }, { resetAfter: ["url", "description"] });
  return (
    <Form
      form={form}
      title="Add a webhook"
      label="Add a webhook"
      submit="Add webhook"
      busySubmit="Adding…"
      onSubmit={async ({ url, description }) => {
        props.onCreated(await createWebhook({ url, ...(description ? { description } : {}) }));
      }}
    >
      <FormField form={form} name="url" label="URL" type="url" required />
      <FormField form={form} name="description" label="Description" />
    </Form>
  );
}
