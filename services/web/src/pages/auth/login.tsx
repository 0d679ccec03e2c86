import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { Field } from "../../components/field.tsx";
import { Link } from "../../components/ui.tsx";
import { formErrors } from "../../lib/api-errors.ts";
import type { FormErrors } from "../../lib/field-errors.ts";
import { FormAlert } from "./form-alert.tsx";

const fields = ["email", "password"] as const;

export function LoginPage(props: { onSignedIn: (next: string) => Promise<void>; next: string }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FormErrors>({ byField: {}, other: [] });
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api.auth.login({ email, password });
      await props.onSignedIn(props.next);
    } catch (err) {
      setErrors(formErrors(err, fields));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="auth" id="main">
      <h1>Sign in to Trellis</h1>
      <form onSubmit={submit} noValidate>
        <FormAlert messages={errors.other} />
        <Field
          label="Email"
          name="email"
          type="email"
          value={email}
          onInput={setEmail}
          errors={errors.byField.email}
          autoComplete="username"
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
          autoComplete="current-password"
          required
        />
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p>
        New to Trellis? <Link href="/signup">Create an account</Link>
      </p>
    </main>
  );
}
