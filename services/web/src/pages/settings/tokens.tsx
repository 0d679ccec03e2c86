import { type Role, roleRank, roles } from "@trellis/protocol/api";
import type { ApiToken, CreatedToken } from "@trellis/sdk";
import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { DataTable } from "../../components/data-table.tsx";
import { Form, FormField, FormSelect, useForm } from "../../components/form.tsx";
import { Badge, CopyButton, Panel } from "../../components/ui.tsx";
import { useNow, usePoll } from "../../hooks/use-poll.ts";
import { describe } from "../../lib/api-errors.ts";
import { ago, dateTime } from "../../lib/format.ts";
import { useSession } from "../../session.ts";

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
        <DataTable<ApiToken>
          rows={tokens}
          what="tokens"
          empty="No tokens yet."
          testId="tokens-table"
          rowKey={(t) => t.id}
          columns={[
            { header: "Name", rowHeader: true, cell: (t) => t.name },
            { header: "Role", cell: (t) => t.role },
            { header: "Prefix", cell: (t) => <code>{t.prefix}…</code> },
            { header: "Last used", cell: (t) => ago(t.lastUsedAt, now) },
            { header: "Expires", cell: (t) => (t.expiresAt ? dateTime(t.expiresAt) : "never") },
            {
              header: "State",
              cell: (t) =>
                t.revokedAt ? <Badge tone="idle">revoked</Badge> : <Badge tone="good">active</Badge>,
            },
            {
              header: "Actions",
              when: editable,
              cell: (t) =>
                t.revokedAt ? null : (
                  <button
                    type="button"
                    class="danger"
                    onClick={async () => {
                      if (!window.confirm(`Revoke token ${t.name}? Anything using it stops working.`)) return;
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
                ),
            },
          ]}
        />
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
  const form = useForm({ name: "", role: "viewer", expiresInDays: "90" }, { resetAfter: ["name"] });
  return (
    <Form
      form={form}
      title="Create a token"
      label="Create a token"
      submit="Create token"
      busySubmit="Creating…"
      onSubmit={async ({ name, role, expiresInDays }) => {
        const days = expiresInDays ? Number(expiresInDays) : undefined;
        props.onCreated(
          await api.tokens.create({ name, role: role as Role, ...(days ? { expiresInDays: days } : {}) }),
        );
      }}
    >
      <FormField form={form} name="name" label="Name" hint="What uses it, e.g. ci-deploy." required />
      <FormSelect form={form} name="role" label="Role" options={props.grantable} />
      <FormField
        form={form}
        name="expiresInDays"
        label="Expires after (days; empty for never)"
        type="number"
      />
    </Form>
  );
}
