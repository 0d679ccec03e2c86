import { type Role, roleRank, roles } from "@trellis/protocol/api";
import type { CreatedToken } from "@trellis/sdk";
import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { Field } from "../../components/field.tsx";
import { Badge, CopyButton, LoadError, Loading, Panel } from "../../components/ui.tsx";
import { useNow, usePoll } from "../../hooks/use-poll.ts";
import { describe, formErrors } from "../../lib/api-errors.ts";
import type { FormErrors } from "../../lib/field-errors.ts";
import { ago, dateTime } from "../../lib/format.ts";
import { useSession } from "../../session.ts";
import { FormAlert } from "../auth/form-alert.tsx";

/** API tokens: the secret is shown once at creation; revoking stops it at once. */
export function TokensPage() {
  const { me, can } = useSession();
  const editable = can("tokens");
  const now = useNow(10_000);
  const tokens = usePoll(() => api.tokens.listAll(), 5000, []);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [error, setError] = useState("");
  return (
    <div>
      <h1>API tokens</h1>
      <p class="muted">For the CLI, CI jobs and Terraform. A token acts with the role it was given.</p>
      {error ? (
        <div class="alert" role="alert">
          {error}
        </div>
      ) : null}
      {created ? (
        <div class="success card" role="status" data-testid="new-token">
          <p>
            <strong>Token {created.name} created.</strong> Copy it now: it will not be shown again.
          </p>
          <div class="command">
            <pre>
              <code>{created.token}</code>
            </pre>
            <CopyButton text={created.token} label="Copy token" />
          </div>
          <button type="button" class="secondary" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </div>
      ) : null}
      <Panel title="Tokens">
        {tokens.error ? <LoadError error={tokens.error} what="tokens" /> : null}
        {tokens.loading ? (
          <Loading what="tokens" />
        ) : (
          <table data-testid="tokens-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Prefix</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
                {editable ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {(tokens.data ?? []).map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.name}</th>
                  <td>{t.role}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{ago(t.lastUsedAt, now)}</td>
                  <td>{t.expiresAt ? dateTime(t.expiresAt) : "never"}</td>
                  <td>
                    {t.revokedAt ? <Badge tone="idle">revoked</Badge> : <Badge tone="good">active</Badge>}
                  </td>
                  {editable ? (
                    <td>
                      {!t.revokedAt ? (
                        <button
                          type="button"
                          class="danger"
                          onClick={async () => {
                            if (!window.confirm(`Revoke token ${t.name}? Anything using it stops working.`))
                              return;
                            try {
                              await api.tokens.revoke(t.id);
                              tokens.refresh();
                            } catch (err) {
                              setError(describe(err));
                            }
                          }}
                        >
                          Revoke
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
              {tokens.data?.length === 0 ? (
                <tr>
                  <td colSpan={7}>No tokens yet.</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        )}
      </Panel>
      {editable ? (
        <CreateToken
          grantable={roles.filter((r) => roleRank(r) <= roleRank(me.role))}
          onCreated={(t) => {
            setCreated(t);
            tokens.refresh();
          }}
        />
      ) : null}
    </div>
  );
}

function CreateToken(props: { grantable: Role[]; onCreated: (t: CreatedToken) => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [days, setDays] = useState("90");
  const [errors, setErrors] = useState<FormErrors>({ byField: {}, other: [] });
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const expiresInDays = days ? Number(days) : undefined;
      const t = await api.tokens.create({ name, role, ...(expiresInDays ? { expiresInDays } : {}) });
      setErrors({ byField: {}, other: [] });
      setName("");
      props.onCreated(t);
    } catch (err) {
      setErrors(formErrors(err, ["name", "role", "expiresInDays"]));
    }
  };
  return (
    <form class="card" onSubmit={submit} noValidate aria-label="Create a token">
      <h2>Create a token</h2>
      <FormAlert messages={errors.other} />
      <Field
        label="Name"
        name="name"
        value={name}
        onInput={setName}
        errors={errors.byField.name}
        hint="What uses it, e.g. ci-deploy."
        required
      />
      <div class="field">
        <label for="token-role">Role</label>
        <select
          id="token-role"
          value={role}
          onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as Role)}
        >
          {props.grantable.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <Field
        label="Expires after (days; empty for never)"
        name="expiresInDays"
        type="number"
        value={days}
        onInput={setDays}
        errors={errors.byField.expiresInDays}
      />
      <button type="submit">Create token</button>
    </form>
  );
}
