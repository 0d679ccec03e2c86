import type { Cluster } from "@trellis/sdk";
import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { Form, FormField, useForm } from "../../components/form.tsx";
import { Badge, Link } from "../../components/ui.tsx";
import { describe } from "../../lib/api-errors.ts";
import { ago } from "../../lib/format.ts";
import { ConnectCluster } from "./connect-cluster.tsx";
import { stepTitle } from "./steps.ts";

/** A cluster just added (or given a new join token): the token is in hand, shown once. */
export interface JoinTokenInHand {
  cluster: string;
  token: string;
  expiresAt: string;
}

/** Step 2: name the cluster; the answer holds its one-time join token. */
export function AddCluster(props: { mesh: string; onAdded: (added: JoinTokenInHand) => void }) {
  const form = useForm({ name: "dev" }, { conflictField: "name" });
  return (
    <Form
      form={form}
      label="Add a cluster"
      title={stepTitle(2)}
      intro="Each cluster (or VM fleet) runs one connector. It dials out to Trellis, so no inbound firewall rule is needed."
      submit="Add cluster"
      busySubmit="Adding…"
      onSubmit={async ({ name }) => {
        const res = await api.clusters(props.mesh).create(name);
        props.onAdded({
          cluster: res.cluster.name,
          token: res.joinToken.token,
          expiresAt: res.joinToken.expiresAt,
        });
      }}
    >
      <FormField
        form={form}
        name="name"
        label="Cluster name"
        hint="Lower-case letters, digits and dashes."
        required
      />
    </Form>
  );
}

/**
 * Step 3: the install instructions while the token is in hand; a returning visitor (the
 * token was shown once, earlier) may issue a new one instead of starting over.
 */
export function ClusterWaiting(props: {
  mesh: string;
  cluster: Pick<Cluster, "name">;
  joinToken: JoinTokenInHand | null;
  onNewToken: (added: JoinTokenInHand) => void;
}) {
  const [error, setError] = useState("");
  if (props.joinToken)
    return (
      <ConnectCluster
        mesh={props.mesh}
        cluster={props.cluster.name}
        joinToken={props.joinToken.token}
        expiresAt={props.joinToken.expiresAt}
      />
    );
  const issue = async () => {
    setError("");
    try {
      const t = await api.clusters(props.mesh).newJoinToken(props.cluster.name);
      props.onNewToken({ cluster: props.cluster.name, token: t.token, expiresAt: t.expiresAt });
    } catch (err) {
      setError(describe(err));
    }
  };
  return (
    <section class="card" aria-labelledby="waiting-title" data-testid="cluster-waiting">
      <h2 id="waiting-title">{stepTitle(3, `Run the connector in ${props.cluster.name}`)}</h2>
      <p>
        Cluster <strong>{props.cluster.name}</strong> is waiting for its connector. Its join token was shown
        once, when the cluster was added; if the connector did not run with it, issue a new one.
      </p>
      {error ? (
        <div class="alert" role="alert">
          {error}
        </div>
      ) : null}
      <button type="button" onClick={() => void issue()}>
        Issue a new join token
      </button>
    </section>
  );
}

/** Step 4: the connector is online — what a returning visitor sees too. */
export function ClusterConnected(props: { mesh: string; cluster: Cluster }) {
  const { cluster } = props;
  const meshHref = `/meshes/${encodeURIComponent(props.mesh)}`;
  return (
    <section class="card" aria-labelledby="connected-title" data-testid="onboarding-connected">
      <h2 id="connected-title">{stepTitle(4)}</h2>
      <div
        class={`connect-status ${cluster.connected ? "connected" : "waiting"}`}
        role="status"
        data-testid="connect-status"
        data-connected={cluster.connected ? "true" : "false"}
      >
        {cluster.connected ? (
          <>
            <Badge tone="good">Connected</Badge> Cluster {cluster.name}: connector{" "}
            {cluster.connectorVersion ?? ""} is online (last seen {ago(cluster.lastSeenAt, Date.now())}).
          </>
        ) : (
          <>
            <Badge tone="warn">Disconnected</Badge> Cluster {cluster.name} connected before; its connector was
            last seen {ago(cluster.lastSeenAt, Date.now())}. Its proxies keep serving on the last config.
          </>
        )}
      </div>
      <p>
        <Link href={meshHref} class="button">
          See your services →
        </Link>{" "}
        <Link href={`${meshHref}/clusters/new`}>Add another cluster</Link>
      </p>
    </section>
  );
}
