import { useEffect, useState } from "preact/hooks";
import { api, consoleSettings } from "../../api/client.ts";
import { Badge, Link, LoadError } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { ago, dateTime } from "../../lib/format.ts";
import { InstallTabs } from "./install-tabs.tsx";
import { stepTitle } from "./steps.ts";

/**
 * Step 3: how to run the connector (Kubernetes manifest or a command) with its join token,
 * then a live wait (the cluster is polled every second) that turns green when the
 * connector's tunnel is up. Onboarding moves on to step 4 by its own poll of the clusters.
 */
export function ConnectCluster(props: {
  mesh: string;
  cluster: string;
  joinToken: string;
  expiresAt: string;
}) {
  const [tunnelUrl, setTunnelUrl] = useState("");
  useEffect(() => {
    consoleSettings().then((s) => setTunnelUrl((current) => current || s.tunnelUrl || ""));
  }, []);
  const status = usePoll(() => api.clusters(props.mesh).get(props.cluster), 1000, [
    props.mesh,
    props.cluster,
  ]);
  const cluster = status.data;
  const connected = cluster?.connected === true;
  const meshHref = `/meshes/${encodeURIComponent(props.mesh)}`;

  return (
    <section class="card" aria-labelledby="connect-title">
      <h2 id="connect-title">{stepTitle(3, `Run the connector in ${props.cluster}`)}</h2>
      <p>
        The join token below works once and expires {dateTime(props.expiresAt)}; copy it now — it is not shown
        again.
      </p>
      <div class="field">
        <label for="tunnel-url">Trellis tunnel address</label>
        <input
          id="tunnel-url"
          value={tunnelUrl}
          placeholder="https://tunnel.trellis.example:8443"
          onInput={(e) => setTunnelUrl((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <InstallTabs
        tunnelUrl={tunnelUrl || "<tunnel-url>"}
        joinToken={props.joinToken}
        cluster={props.cluster}
      />
      <div
        class={`connect-status ${connected ? "connected" : "waiting"}`}
        role="status"
        aria-live="polite"
        data-testid="connect-status"
        data-connected={connected ? "true" : "false"}
      >
        {connected ? (
          <>
            <Badge tone="good">Connected</Badge> Connector {cluster?.connectorVersion ?? ""} is online (last
            seen {ago(cluster?.lastSeenAt ?? null, Date.now())}).
          </>
        ) : (
          <>
            <span class="spinner" aria-hidden="true" /> Waiting for the connector to connect…
          </>
        )}
      </div>
      {status.error ? <LoadError error={status.error} what="the cluster" /> : null}
      {connected ? (
        <p>
          <Link href={meshHref} class="button">
            See your services →
          </Link>
        </p>
      ) : (
        <p class="muted">
          You can leave this page; the cluster shows on the <Link href={meshHref}>mesh overview</Link> once it
          connects.
        </p>
      )}
    </section>
  );
}
