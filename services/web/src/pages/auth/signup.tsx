import { api } from "../../api/client.ts";
import { Form, FormField, useForm } from "../../components/form.tsx";
import { Link } from "../../components/ui.tsx";

/** Create an account and its organisation; then onboarding. */
export function SignupPage(props: { onSignedIn: (next: string) => Promise<void> }) {
  const form = useForm({ email: "", password: "", orgName: "" }, { conflictField: "email" });
  return (
    <main class="auth" id="main">
      <h1>Create your Trellis account</h1>
      <p class="muted">A hosted service mesh: connect a cluster in a few minutes.</p>
      <Form
        form={form}
        card={false}
        describedBy="signup-help"
        submit="Create account"
        busySubmit="Creating account…"
        onSubmit={async (v) => {
          await api.auth.signup(v);
          await props.onSignedIn("/onboarding");
        }}
      >
        <FormField
          form={form}
          name="email"
          label="Work email"
          type="email"
          autoComplete="email"
          required
          autoFocus
        />
        <FormField
          form={form}
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 10 characters, not too simple."
          required
        />
        <FormField
          form={form}
          name="orgName"
          label="Organisation name"
          autoComplete="organization"
          required
        />
      </Form>
      <p id="signup-help">
        Already have an account? <Link href="/login">Sign in</Link>
      </p>
    </main>
  );
}
