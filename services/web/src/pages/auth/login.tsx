import { api } from "../../api/client.ts";
import { Form, FormField, useForm } from "../../components/form.tsx";
import { Link } from "../../components/ui.tsx";

export function LoginPage(props: { onSignedIn: (next: string) => Promise<void>; next: string }) {
  const form = useForm({ email: "", password: "" });
  return (
    <main class="auth" id="main">
      <h1>Sign in to Trellis</h1>
      <Form
        form={form}
        card={false}
        submit="Sign in"
        busySubmit="Signing in…"
        onSubmit={async (v) => {
          await api.auth.login(v);
          await props.onSignedIn(props.next);
        }}
      >
        <FormField
          form={form}
          name="email"
          label="Email"
          type="email"
          autoComplete="username"
          required
          autoFocus
        />
        <FormField
          form={form}
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
        />
      </Form>
      <p>
        New to Trellis? <Link href="/signup">Create an account</Link>
      </p>
    </main>
  );
}
