import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { Form, FormField, useForm } from "../../components/form.tsx";
import { LoadError, Loading } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { navigate } from "../../router.ts";
import { useSession } from "../../session.ts";
import { AddCluster, ClusterConnected, ClusterWaiting } from "./cluster-steps.tsx";
import { type OnboardingStep, onboardingState, onboardingSteps, stepTitle } from "./steps.ts";

/** After sign-up: create a mesh → add a cluster → run the connector → see it connect. */
export function OnboardingPage(props: { mesh: string | null }) {
  const { can } = useSession();
  // Without a mesh in the URL, an org that has one continues with it (a returning visitor).
  useEffect(() => {
    if (props.mesh) return;
    api.meshes
      .list({ limit: 1 })
      .then((page) => {
        const first = page.items[0];
        if (first) navigate(`/onboarding?mesh=${encodeURIComponent(first.name)}`, { replace: true });
      })
      .catch(() => undefined);
  }, [props.mesh]);
  if (!can("meshes"))
    return (
      <Frame step={1}>
        <p class="notice">
          Your role cannot create meshes or clusters; ask an owner or admin of the organisation.
        </p>
      </Frame>
    );
  if (!props.mesh)
    return (
      <Frame step={1}>
        <CreateMeshForm onCreated={(name) => navigate(`/onboarding?mesh=${encodeURIComponent(name)}`)} />
      </Frame>
    );
  return <MeshOnboarding mesh={props.mesh} />;
}

/** Steps 2–4 of a mesh, driven by its clusters as the API reports them (polled every second). */
function MeshOnboarding(props: { mesh: string }) {
  const clusters = usePoll(() => api.clusters(props.mesh).listAll(), 1000, [props.mesh]);
  const [added, setAdded] = useState<{ cluster: string; token: string; expiresAt: string } | null>(null);
  if (clusters.loading) return <Loading what="your clusters" />;
  if (!clusters.data) return <LoadError error={clusters.error} what="your clusters" />;
  const { step, cluster } = onboardingState(clusters.data, added?.cluster ?? null);
  return (
    <Frame step={step}>
      {step === 2 ? (
        <AddCluster
          mesh={props.mesh}
          onAdded={(a) => {
            setAdded(a);
            clusters.refresh();
          }}
        />
      ) : step === 3 ? (
        <ClusterWaiting
          mesh={props.mesh}
          cluster={cluster!}
          joinToken={added?.cluster === cluster!.name ? added : null}
          onNewToken={setAdded}
        />
      ) : (
        <ClusterConnected mesh={props.mesh} cluster={cluster!} />
      )}
    </Frame>
  );
}

/** The page heading and the step bar; the current step comes from the live state. */
function Frame(props: { step: OnboardingStep; children: ComponentChildren }) {
  return (
    <div class="onboarding">
      <h1>{props.step === 4 ? "Your cluster is connected" : "Connect your first cluster"}</h1>
      <ol class="steps" aria-label="Onboarding steps" data-testid="onboarding-steps" data-step={props.step}>
        {onboardingSteps.map((label, i) => (
          <li
            key={label}
            aria-current={props.step === i + 1 ? "step" : undefined}
            class={props.step > i + 1 || props.step === 4 ? "done" : ""}
          >
            {label}
          </li>
        ))}
      </ol>
      {props.children}
    </div>
  );
}

/** `/meshes/:mesh/clusters/new`: the cluster step outside onboarding. */
export function AddClusterPage(props: { mesh: string }) {
  const [added, setAdded] = useState<{ cluster: string; token: string; expiresAt: string } | null>(null);
  return (
    <div>
      <h1>Add a cluster to {props.mesh}</h1>
      {added ? (
        <ClusterWaiting
          mesh={props.mesh}
          cluster={{ name: added.cluster }}
          joinToken={added}
          onNewToken={setAdded}
        />
      ) : (
        <AddCluster mesh={props.mesh} onAdded={setAdded} />
      )}
    </div>
  );
}

export function CreateMeshForm(props: { onCreated: (name: string) => void }) {
  const form = useForm({ name: "prod", description: "" }, { conflictField: "name" });
  return (
    <Form
      form={form}
      label="Create a mesh"
      title={stepTitle(1)}
      intro="A mesh is one trust domain (e.g. prod or staging) spanning any number of clusters."
      submit="Create mesh"
      busySubmit="Creating…"
      onSubmit={async ({ name, description }) => {
        const mesh = await api.meshes.create({ name, ...(description ? { description } : {}) });
        props.onCreated(mesh.name);
      }}
    >
      <FormField
        form={form}
        name="name"
        label="Mesh name"
        hint="Lower-case letters, digits and dashes."
        required
      />
      <FormField form={form} name="description" label="Description (optional)" />
    </Form>
  );
}
