import { type Role, roleRank, roles } from "@trellis/protocol/api";
import type { Member } from "@trellis/sdk";
import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { DataTable } from "../../components/data-table.tsx";
import { Form, FormField, FormSelect, useForm } from "../../components/form.tsx";
import { Panel } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { describe } from "../../lib/api-errors.ts";
import { dateTime } from "../../lib/format.ts";
import { useSession } from "../../session.ts";

/** Members and their roles; owners and admins add, re-role and remove them. */
export function MembersPage() {
  const { me, can } = useSession();
  const editable = can("members");
  const members = usePoll(() => api.members.listAll(), 5000, []);
  const [error, setError] = useState("");
  const grantable = roles.filter((r) => roleRank(r) <= roleRank(me.role));
  const act = async (f: () => Promise<unknown>) => {
    setError("");
    try {
      await f();
      members.refresh();
    } catch (err) {
      setError(describe(err));
    }
  };
  const isMe = (m: Member) => m.userId === me.user?.id;
  return (
    <div>
      <h1>Members</h1>
      {error ? (
        <div class="alert" role="alert">
          {error}
        </div>
      ) : null}
      <Panel title="People in your organisation">
        <DataTable<Member>
          rows={members}
          what="members"
          empty="No members."
          testId="members-table"
          rowKey={(m) => m.id}
          columns={[
            { header: "Email", rowHeader: true, cell: (m) => m.email },
            {
              header: "Role",
              cell: (m) =>
                editable && !isMe(m) ? (
                  <select
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    onChange={(e) =>
                      act(() =>
                        api.members.updateRole(m.id, (e.currentTarget as HTMLSelectElement).value as Role),
                      )
                    }
                  >
                    {roles.map((r) => (
                      <option key={r} value={r} disabled={!grantable.includes(r)}>
                        {r}
                      </option>
                    ))}
                  </select>
                ) : (
                  m.role
                ),
            },
            { header: "Since", cell: (m) => dateTime(m.createdAt) },
            {
              header: "Actions",
              when: editable,
              cell: (m) =>
                isMe(m) ? (
                  <span class="muted">you</span>
                ) : (
                  <button
                    type="button"
                    class="danger"
                    onClick={() =>
                      window.confirm(`Remove ${m.email}?`) && act(() => api.members.remove(m.id))
                    }
                  >
                    Remove
                  </button>
                ),
            },
          ]}
        />
      </Panel>
      {editable ? <AddMember grantable={grantable} onAdded={members.refresh} /> : null}
    </div>
  );
}

function AddMember(props: { grantable: Role[]; onAdded: () => void }) {
  const form = useForm({ email: "", role: "member" }, { conflictField: "email", resetAfter: ["email"] });
  return (
    <Form
      form={form}
      title="Add a member"
      label="Add a member"
      submit="Add member"
      busySubmit="Adding…"
      onSubmit={async ({ email, role }) => {
        const res = await api.members.add({ email, role: role as Role });
        props.onAdded();
        return res.status === "added"
          ? `${email} was added as ${role}.`
          : `${email} was invited as ${role}; they join when they sign up.`;
      }}
    >
      <FormField form={form} name="email" label="Email" type="email" required />
      <FormSelect form={form} name="role" label="Role" options={props.grantable} />
    </Form>
  );
}
