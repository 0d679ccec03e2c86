import type { CreatedWebhook } from "@trellis/sdk";
import { useState } from "preact/hooks";
import { createWebhook, deleteWebhook, listWebhooks } from "../../api/webhooks.ts";
import { Field } from "../../components/field.tsx";
import { CopyButton, LoadError, Loading, Panel } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { describe, formErrors } from "../../lib/api-errors.ts";
import type { FormErrors } from "../../lib/field-errors.ts";
import { dateTime } from "../../lib/format.ts";
import { useSession } from "../../session.ts";
import { FormAlert } from "../auth/form-alert.tsx";
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
        {hooks.error ? <LoadError error={hooks.error} what="webhooks" /> : null}
        {hooks.loading ? <Loading what="webhooks" /> : null}
        {hooks.data ? (
          <table>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Description</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {hooks.data.map((h) => [
                <tr key={h.id}>
                  <th scope="row">
                    <code>{h.url}</code>
                  </th>
                  <td>{h.description || "—"}</td>
                  <td>{dateTime(h.createdAt)}</td>
                  <td class="row-actions">
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
                  </td>
                </tr>,
                open === h.id ? (
                  <tr key={`${h.id}-deliveries`}>
                    <td colSpan={4}>
                      <WebhookDeliveries id={h.id} url={h.url} />
                    </td>
                  </tr>
                ) : null,
              ])}
              {hooks.data.length === 0 ? (
                <tr>
                  <td colSpan={4}>No webhooks yet.</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        ) : null}
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
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [errors, setErrors] = useState<FormErrors>({ byField: {}, other: [] });
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      props.onCreated(await createWebhook({ url, ...(description ? { description } : {}) }));
      setUrl("");
      setDescription("");
      setErrors({ byField: {}, other: [] });
    } catch (err) {
      setErrors(formErrors(err, ["url", "description"]));
    }
  };
  return (
    <form class="card" onSubmit={submit} noValidate aria-label="Add a webhook">
      <h2>Add a webhook</h2>
      <FormAlert messages={errors.other} />
      <Field
        label="URL"
        name="url"
        type="url"
        value={url}
        onInput={setUrl}
        errors={errors.byField.url}
        required
      />
      <Field
        label="Description"
        name="description"
        value={description}
        onInput={setDescription}
        errors={errors.byField.description}
      />
      <button type="submit">Add webhook</button>
    </form>
  );
}
