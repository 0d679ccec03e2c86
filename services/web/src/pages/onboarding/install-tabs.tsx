import { defaultConnectorImage, renderConnectorManifest } from "@trellis/protocol/install";
import { useState } from "preact/hooks";
import { CopyButton } from "../../components/ui.tsx";
import { connectorCommand } from "./connector-command.ts";

type Tab = "kubernetes" | "vm";
const tabs: { id: Tab; label: string }[] = [
  { id: "kubernetes", label: "Kubernetes" },
  { id: "vm", label: "VM / local" },
];

/**
 * How to run the connector, as tabs (WAI-ARIA tabs: arrow keys move between them): the
 * Kubernetes manifest, with copy and download, or the one-line command for a VM or a laptop.
 * Both come from @trellis/protocol/install, so they match what `trellis cluster add` prints.
 */
export function InstallTabs(props: { tunnelUrl: string; joinToken: string; cluster: string }) {
  const [tab, setTab] = useState<Tab>("kubernetes");
  const manifest = manifestOrProblem(props);
  const command = connectorCommand(props.tunnelUrl, props.joinToken);
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    e.preventDefault();
    const next = tab === "kubernetes" ? "vm" : "kubernetes";
    setTab(next);
    document.getElementById(`install-tab-${next}`)?.focus();
  };
  return (
    <div class="tabs">
      <div role="tablist" aria-label="Where the connector runs">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`install-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`install-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={onKey}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === "kubernetes" ? (
        <div role="tabpanel" id="install-panel-kubernetes" aria-labelledby="install-tab-kubernetes">
          <p>
            Apply this manifest: a namespace, read-only RBAC for discovery, the join token as a Secret and the
            connector as a StatefulSet (it keeps its credential and last-known-good config on a volume).
          </p>
          {"problem" in manifest ? (
            <p class="error" role="alert" data-testid="connector-manifest-problem">
              {manifest.problem}
            </p>
          ) : (
            <div class="command manifest">
              <pre>
                <code data-testid="connector-manifest">{manifest.yaml}</code>
              </pre>
              <div class="actions">
                <CopyButton text={manifest.yaml} label="Copy manifest" />
                <button
                  type="button"
                  class="secondary"
                  onClick={() => download(props.cluster, manifest.yaml)}
                >
                  Download YAML
                </button>
              </div>
            </div>
          )}
          <p class="muted">
            Then <code>kubectl apply -f trellis-connector-{props.cluster}.yaml</code>. Discovery watches the
            cluster's Services and EndpointSlices.
          </p>
        </div>
      ) : (
        <div role="tabpanel" id="install-panel-vm" aria-labelledby="install-tab-vm">
          <p>Run this where the services can reach it (a VM, or your laptop for a first try):</p>
          <div class="command">
            <pre>
              <code data-testid="connector-command">{command}</code>
            </pre>
            <CopyButton text={command} label="Copy command" />
          </div>
          <p class="muted" data-testid="connector-get">
            <strong>
              Getting <code>trellis-connector</code>:
            </strong>{" "}
            it is the <code>@trellis/connector</code> package of the Trellis repository — after{" "}
            <code>npm ci</code> there, run <code>node proxy/connector/bin/trellis-connector.mjs</code> with
            the flags above (Node 20). Or run the container image <code>{defaultConnectorImage}</code> (the
            one the Kubernetes manifest uses) with them as its arguments, e.g.{" "}
            <code>docker run --network host -v "$PWD:/work" -w /work {defaultConnectorImage} …</code>.
          </p>
          <p class="muted">
            <code>services.yaml</code> lists the services the connector announces (see the connector's
            README).
          </p>
        </div>
      )}
    </div>
  );
}

/**
 * The manifest, or why there is none: the tunnel address is typed by hand (and empty until
 * the console settings load), so a half-typed one is a message, never a crashed page.
 */
function manifestOrProblem(props: { tunnelUrl: string; joinToken: string; cluster: string }) {
  try {
    return {
      yaml: renderConnectorManifest({
        tunnelUrl: props.tunnelUrl,
        joinToken: props.joinToken,
        clusterName: props.cluster,
      }),
    };
  } catch (err) {
    const why = (err as Error).message.replace(/^[\w.]+: /, ""); // "controlPlane.url: must be …"
    return { problem: `No manifest yet: the tunnel address ${why}.` };
  }
}

/** Saves the manifest as a file (a Blob URL: nothing leaves the browser). */
function download(cluster: string, manifest: string): void {
  const url = URL.createObjectURL(new Blob([manifest], { type: "application/yaml" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `trellis-connector-${cluster}.yaml`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
