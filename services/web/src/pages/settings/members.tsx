import { type Role, roleRank, roles } from "@trellis/protocol/api";
import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { Field } from "../../components/field.tsx";
import { LoadError, Loading, Panel } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { describe, formErrors } from "../../lib/api-errors.ts";
import type { FormErrors } from "../../lib/field-errors.ts";
import { dateTime } from "../../lib/format.ts";
import { useSession } from "../../session.ts";
import { FormAlert } from "../auth/form-alert.tsx";

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
  return (
    <div>
      <h1>Members</h1>
      {error ? (
        <div class="alert" role="alert">
          {error}
        </div>
      ) : null}
      <Panel title="People in your organisation">
        {members.error ? <LoadError error={members.error} what="members" /> : null}
        {members.loading ? (
          <Loading what="members" />
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
                {editable ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {(members.data ?? []).map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.email}</th>
                  <td>
                    {editable && m.userId !== me.user?.id ? (
                      <select
                        aria-label={`Role of ${m.email}`}
                        value={m.role}
                        onChange={(e) =>
                          act(() =>
                            api.members.updateRole(
                              m.id,
                              (e.currentTarget as HTMLSelectElement).value as Role,
                            ),
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
                    )}
                  </td>
                  <td>{dateTime(m.createdAt)}</td>
                  {editable ? (
                    <td>
                      {m.userId !== me.user?.id ? (
                        <button
                          type="button"
                          class="danger"
                          onClick={() =>
                            window.confirm(`Remove ${m.email}?`) && act(() => api.members.remove(m.id))
                          }
                        >
                          Remove
                        </button>
                      ) : (
                        <span class="muted">you</span>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      {editable ? <AddMember grantable={grantable} onAdded={members.refresh} /> : null}
    </div>
  );
}

function AddMember(props: { grantable: Role[]; onAdded: () => void }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [errors, setErrors] = useState<FormErrors>({ byField: {}, other: [] });
  const [done, setDone] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone("");
    try {
      const res = await api.members.add({ email, role });
      setErrors({ byField: {}, other: [] });
      setDone(
        res.status === "added"
          ? `${email} was added as ${role}.`
          : `${email} was invited as ${role}; they join when they sign up.`,
      );
      setEmail("");
      props.onAdded();
    } catch (err) {
      setErrors(formErrors(err, ["email", "role"], "email"));
    }
  };
  return (
    <form class="card" onSubmit={submit} noValidate aria-label="Add a member">
      <h2>Add a member</h2>
      <FormAlert messages={errors.other} />
      {done ? (
        <p class="success" role="status">
          {done}
        </p>
      ) : null}
      <Field
        label="Email"
        name="email"
        type="email"
        value={email}
        onInput={setEmail}
        errors={errors.byField.email}
        required
      />
      <div class="field">
        <label for="member-role">Role</label>
        <select
          id="member-role"
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
      <button type="submit">Add member</button>
    </form>
  );
}
