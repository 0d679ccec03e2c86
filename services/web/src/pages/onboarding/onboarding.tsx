import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { Field } from "../../components/field.tsx";
import { formErrors } from "../../lib/api-errors.ts";
import type { FormErrors } from "../../lib/field-errors.ts";
import { navigate } from "../../router.ts";
import { useSession } from "../../session.ts";
import { FormAlert } from "../auth/form-alert.tsx";
import { ConnectCluster } from "./connect-cluster.tsx";

const none: FormErrors = { byField: {}, other: [] };

/** After sign-up: create a mesh → add a cluster → run the connector → see it connect. */
export function OnboardingPage(props: { mesh: string | null }) {
  const { can } = useSession();
  const [connected, setConnected] = useState(false);
  // Step 3 is reached when the connector connects, not when the user clicks on: the
  // indicator follows the live cluster state.
  const step = !props.mesh ? 1 : connected ? 3 : 2;
  return (
    <div class="onboarding">
      <h1>Connect your first cluster</h1>
      <ol class="steps" aria-label="Onboarding steps" data-testid="onboarding-steps" data-step={step}>
        <li aria-current={step === 1 ? "step" : undefined} class={step > 1 ? "done" : ""}>
          Create a mesh
        </li>
        <li aria-current={step === 2 ? "step" : undefined} class={step > 2 ? "done" : ""}>
          Add a cluster and run the connector
        </li>
        <li aria-current={step === 3 ? "step" : undefined}>See your services</li>
      </ol>
      {!can("meshes") ? (
        <p class="notice">
          Your role cannot create meshes or clusters; ask an owner or admin of the organisation.
        </p>
      ) : step === 1 ? (
        <CreateMeshForm onCreated={(name) => navigate(`/onboarding?mesh=${encodeURIComponent(name)}`)} />
      ) : (
        <AddCluster mesh={props.mesh!} onConnected={setConnected} />
      )}
    </div>
  );
}

/** `/meshes/:mesh/clusters/new`: the same cluster step outside onboarding. */
export function AddClusterPage(props: { mesh: string }) {
  return (
    <div>
      <h1>Add a cluster to {props.mesh}</h1>
      <AddCluster mesh={props.mesh} />
    </div>
  );
}

export function CreateMeshForm(props: { onCreated: (name: string) => void }) {
  const [name, setName] = useState("prod");
  const [description, setDescription] = useState("");
  const [errors, setErrors] = useState(none);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const mesh = await api.meshes.create({ name, ...(description ? { description } : {}) });
      props.onCreated(mesh.name);
    } catch (err) {
      setErrors(formErrors(err, ["name", "description"], "name"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate class="card" aria-label="Create a mesh">
      <h2>1. Create a mesh</h2>
      <p class="muted">A mesh is one trust domain (e.g. prod or staging) spanning any number of clusters.</p>
      <FormAlert messages={errors.other} />
      <Field
        label="Mesh name"
        name="name"
        value={name}
        onInput={setName}
        errors={errors.byField.name}
        hint="Lower-case letters, digits and dashes."
        required
      />
      <Field
        label="Description (optional)"
        name="description"
        value={description}
        onInput={setDescription}
        errors={errors.byField.description}
      />
      <button type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create mesh"}
      </button>
    </form>
  );
}

function AddCluster(props: { mesh: string; onConnected?: (connected: boolean) => void }) {
  const [name, setName] = useState("dev");
  const [errors, setErrors] = useState(none);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ cluster: string; token: string; expiresAt: string } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const res = await api.clusters(props.mesh).create(name);
      setCreated({
        cluster: res.cluster.name,
        token: res.joinToken.token,
        expiresAt: res.joinToken.expiresAt,
      });
    } catch (err) {
      setErrors(formErrors(err, ["name"], "name"));
    } finally {
      setBusy(false);
    }
  };
  if (created)
    return (
      <ConnectCluster
        mesh={props.mesh}
        cluster={created.cluster}
        joinToken={created.token}
        expiresAt={created.expiresAt}
        {...(props.onConnected ? { onConnected: props.onConnected } : {})}
      />
    );
  return (
    <form onSubmit={submit} noValidate class="card" aria-label="Add a cluster">
      <h2>2. Add a cluster</h2>
      <p class="muted">
        Each cluster (or VM fleet) runs one connector. It dials out to Trellis, so no inbound firewall rule is
        needed.
      </p>
      <FormAlert messages={errors.other} />
      <Field
        label="Cluster name"
        name="name"
        value={name}
        onInput={setName}
        errors={errors.byField.name}
        hint="Lower-case letters, digits and dashes."
        required
      />
      <button type="submit" disabled={busy}>
        {busy ? "Adding…" : "Add cluster"}
      </button>
    </form>
  );
}
