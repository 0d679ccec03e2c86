import type { CaRotation, MeshCa } from "@trellis/sdk";
import { useState } from "preact/hooks";
import { getCa, rotateCa } from "../../api/ca.ts";
import { Badge, LoadError, Loading, Panel } from "../../components/ui.tsx";
import { useNow, usePoll } from "../../hooks/use-poll.ts";
import { describe } from "../../lib/api-errors.ts";
import { dateTime, duration } from "../../lib/format.ts";
import { useSession } from "../../session.ts";
import { CertificatesPanel } from "./certificates-panel.tsx";

/** The mesh CA: backend, trust bundle, issuer expiry, rotation (start and watch), certificates. */
export function CaPage(props: { mesh: string }) {
  const { can } = useSession();
  const now = useNow(5000);
  // Polled often enough to watch a rotation move (its phases take seconds to minutes).
  const ca = usePoll(() => getCa(props.mesh), 1500, [props.mesh]);
  const [rotateError, setRotateError] = useState("");
  const [busy, setBusy] = useState(false);
  const rotate = async () => {
    if (!window.confirm(`Rotate the CA of ${props.mesh}? Workloads keep serving during the rotation.`))
      return;
    setBusy(true);
    setRotateError("");
    try {
      await rotateCa(props.mesh);
      ca.refresh();
    } catch (err) {
      setRotateError(describe(err));
    } finally {
      setBusy(false);
    }
  };
  const data = ca.data;
  return (
    <div>
      <h1>Certificates of {props.mesh}</h1>
      <Panel
        title="Certificate authority"
        actions={
          can("ca") && data ? (
            <button type="button" onClick={rotate} disabled={busy || rotating(data) || !data.ready}>
              {rotating(data) ? "Rotation in progress" : "Rotate CA"}
            </button>
          ) : null
        }
      >
        {ca.error ? <LoadError error={ca.error} what="the CA" /> : null}
        {ca.loading ? <Loading what="the CA" /> : null}
        {rotateError ? (
          <div class="alert" role="alert">
            {rotateError}
          </div>
        ) : null}
        {data ? <CaFacts ca={data} now={now} /> : null}
      </Panel>
      <CertificatesPanel mesh={props.mesh} now={now} />
    </div>
  );
}

function CaFacts(props: { ca: MeshCa; now: number }) {
  const { ca, now } = props;
  const issuerMs = ca.issuer ? Date.parse(ca.issuer.notAfter) - now : null;
  return (
    <>
      <dl class="facts" data-testid="ca-facts">
        <dt>Backend</dt>
        <dd>
          {ca.backend}
          {ca.mode ? ` (${ca.mode} signing)` : ""}{" "}
          {ca.ready ? null : <Badge tone="warn">waiting for the external CA upload</Badge>}
        </dd>
        <dt>Trust domain</dt>
        <dd>
          <code>{ca.trustDomain}</code>
        </dd>
        <dt>Issuer</dt>
        <dd data-testid="issuer-expiry">
          {ca.issuer ? (
            <>
              <code>{ca.issuer.subject}</code>, expires {dateTime(ca.issuer.notAfter)} (
              {issuerMs !== null && issuerMs <= 0 ? "expired" : `in ${duration(issuerMs ?? 0)}`}){" "}
              {ca.issuer.expiringSoon ? <Badge tone="warn">expiring soon: renew or rotate</Badge> : null}
            </>
          ) : (
            "none yet"
          )}
        </dd>
      </dl>
      <h3>Trust bundle</h3>
      <table class="compact" data-testid="ca-roots">
        <thead>
          <tr>
            <th scope="col">Root</th>
            <th scope="col">Fingerprint (SHA-256)</th>
            <th scope="col">Expires</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {ca.roots.map((r) => (
            <tr key={r.fingerprint}>
              <th scope="row">
                <code>{r.subject}</code>
              </th>
              <td>
                <code class="small" title={r.fingerprint}>
                  {r.fingerprint.slice(0, 16)}…
                </code>
              </td>
              <td>{dateTime(r.notAfter)}</td>
              <td>
                {r.active ? (
                  <Badge tone="good">signing</Badge>
                ) : (
                  <Badge tone="info">trusted (previous)</Badge>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <RotationProgress rotation={ca.rotation} />
    </>
  );
}

const phases: { id: CaRotation["phase"]; label: string }[] = [
  { id: "pushing-bundle", label: "Publish the new root beside the old" },
  { id: "reissuing", label: "Re-issue workload certificates" },
  { id: "complete", label: "Remove the old root" },
];

export function rotating(ca: MeshCa): boolean {
  return ca.rotation !== null && ca.rotation.phase !== "complete";
}

function RotationProgress(props: { rotation: CaRotation | null }) {
  const r = props.rotation;
  if (!r) return <p class="muted">No rotation yet.</p>;
  const at = phases.findIndex((p) => p.id === r.phase);
  const { clusters, proxies } = r.progress;
  const bar = (label: string, done: number, total: number, testId: string) => (
    <div class="field">
      <label for={testId}>
        {label}: {done} of {total}
      </label>
      <progress id={testId} data-testid={testId} max={Math.max(total, 1)} value={total === 0 ? 1 : done}>
        {done} of {total}
      </progress>
    </div>
  );
  return (
    <div data-testid="ca-rotation" data-phase={r.phase}>
      <h3>{r.phase === "complete" ? "Last rotation" : "Rotation in progress"}</h3>
      <p>
        Started {dateTime(r.startedAt)}
        {r.finishedAt ? `, finished ${dateTime(r.finishedAt)}` : ""}
        {r.bundleVersion !== null ? ` · both roots in config v${r.bundleVersion}` : ""}
      </p>
      <ol class="steps" aria-label="Rotation phases">
        {phases.map((p, i) => (
          <li
            key={p.id}
            aria-current={i === at && r.phase !== "complete" ? "step" : undefined}
            class={i < at || r.phase === "complete" ? "done" : ""}
          >
            {p.label}
          </li>
        ))}
      </ol>
      {bar("Clusters with both roots", clusters.withBundle, clusters.total, "rotation-clusters")}
      {bar("Proxies on the new root", proxies.onNewRoot, proxies.total, "rotation-proxies")}
    </div>
  );
}
