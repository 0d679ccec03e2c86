import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { Field } from "../../components/field.tsx";
import { Link } from "../../components/ui.tsx";
import { formErrors } from "../../lib/api-errors.ts";
import type { FormErrors } from "../../lib/field-errors.ts";
import { FormAlert } from "./form-alert.tsx";

const fields = ["email", "password", "orgName"] as const;

/** Create an account and its organisation; then onboarding. */
export function SignupPage(props: { onSignedIn: (next: string) => Promise<void> }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [orgName, setOrgName] = useState("");
  const [errors, setErrors] = useState<FormErrors>({ byField: {}, other: [] });
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api.auth.signup({ email, password, orgName });
      await props.onSignedIn("/onboarding");
    } catch (err) {
      setErrors(formErrors(err, fields, "email"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="auth" id="main">
      <h1>Create your Trellis account</h1>
      <p class="muted">A hosted service mesh: connect a cluster in a few minutes.</p>
      <form onSubmit={submit} noValidate aria-describedby="signup-help">
        <FormAlert messages={errors.other} />
        <Field
          label="Work email"
          name="email"
          type="email"
          value={email}
          onInput={setEmail}
          errors={errors.byField.email}
          autoComplete="email"
          required
          autoFocus
        />
        <Field
          label="Password"
          name="password"
          type="password"
          value={password}
          onInput={setPassword}
          errors={errors.byField.password}
          autoComplete="new-password"
          hint="At least 10 characters, not too simple."
          required
        />
        <Field
          label="Organisation name"
          name="orgName"
          value={orgName}
          onInput={setOrgName}
          errors={errors.byField.orgName}
          autoComplete="organization"
          required
        />
        <button type="submit" disabled={busy}>
          {busy ? "Creating account…" : "Create account"}
        </button>
      </form>
      <p id="signup-help">
        Already have an account? <Link href="/login">Sign in</Link>
      </p>
    </main>
  );
}
