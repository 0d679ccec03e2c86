import { useState } from "preact/hooks";
import { createWebhook, deleteWebhook, listWebhooks, type Webhook } from "../../api/webhooks.ts";
import { Field } from "../../components/field.tsx";
import { CopyButton, LoadError, Loading, Panel } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { describe, formErrors } from "../../lib/api-errors.ts";
import type { FormErrors } from "../../lib/field-errors.ts";
import { dateTime } from "../../lib/format.ts";
import { useSession } from "../../session.ts";
import { FormAlert } from "../auth/form-alert.tsx";

/** Alert webhooks: URLs that receive signed events when a health flag is raised or cleared. */
export function WebhooksPage() {
  const { can } = useSession();
  const editable = can("webhooks");
  const hooks = usePoll(listWebhooks, 5000, []);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
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
        <div class="success card" role="status">
          <p>
            Signing secret for <code>{secret.url}</code> — shown once. Verify the signature header of each
            delivery with it.
          </p>
          <div class="command">
            <pre>
              <code>{secret.secret}</code>
            </pre>
            <CopyButton text={secret.secret} label="Copy secret" />
          </div>
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
                {editable ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {hooks.data.map((h) => (
                <tr key={h.id}>
                  <th scope="row">
                    <code>{h.url}</code>
                  </th>
                  <td>{h.description || "—"}</td>
                  <td>{dateTime(h.createdAt)}</td>
                  {editable ? (
                    <td>
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
                    </td>
                  ) : null}
                </tr>
              ))}
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
            if (h.secret) setSecret({ url: h.url, secret: h.secret });
            hooks.refresh();
          }}
        />
      ) : null}
    </div>
  );
}

function AddWebhook(props: { onCreated: (h: Webhook & { secret?: string }) => void }) {
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
