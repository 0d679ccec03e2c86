import { useState } from "preact/hooks";
import { getCa, listCertificates, type MeshCa, rotateCa } from "../../api/ca.ts";
import { Badge, LoadError, Loading, Panel } from "../../components/ui.tsx";
import { useNow, usePoll } from "../../hooks/use-poll.ts";
import { describe } from "../../lib/api-errors.ts";
import { dateTime, duration } from "../../lib/format.ts";
import { useSession } from "../../session.ts";

/** The mesh CA: backend, roots, issuer expiry, rotation (start and watch), issued certificates. */
export function CaPage(props: { mesh: string }) {
  const { can } = useSession();
  const now = useNow(5000);
  const ca = usePoll(() => getCa(props.mesh), 2000, [props.mesh]);
  const certs = usePoll(() => listCertificates(props.mesh), 5000, [props.mesh]);
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
  const issuerNotAfter = ca.data ? (ca.data.issuer?.notAfter ?? ca.data.issuerNotAfter ?? null) : null;
  return (
    <div>
      <h1>Certificates of {props.mesh}</h1>
      <Panel
        title="Certificate authority"
        actions={
          can("ca") && ca.data ? (
            <button type="button" onClick={rotate} disabled={busy || rotating(ca.data)}>
              {rotating(ca.data) ? "Rotation in progress" : "Rotate CA"}
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
        {ca.data ? (
          <>
            <dl class="facts">
              <dt>Backend</dt>
              <dd>{ca.data.backend}</dd>
              <dt>Issuer expires</dt>
              <dd>
                {dateTime(issuerNotAfter)}
                {issuerNotAfter ? ` (in ${duration(Date.parse(issuerNotAfter) - now)})` : ""}
              </dd>
            </dl>
            <h3>Trust bundle</h3>
            <ul>
              {(ca.data.roots ?? []).map((r, i) => (
                <li key={r.fingerprint ?? i}>
                  <code>{r.subject ?? r.fingerprint ?? `root ${i + 1}`}</code> — until {dateTime(r.notAfter)}
                  {r.state ? (
                    <>
                      {" "}
                      <Badge tone="info">{r.state}</Badge>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
            <RotationProgress ca={ca.data} />
          </>
        ) : null}
      </Panel>
      <Panel title="Issued workload certificates">
        {certs.error ? <LoadError error={certs.error} what="certificates" /> : null}
        {certs.loading ? <Loading what="certificates" /> : null}
        {certs.data ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Identity</th>
                <th scope="col">Cluster</th>
                <th scope="col">Serial</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {certs.data.map((c) => (
                <tr key={c.serial}>
                  <td>
                    <code>{c.identity}</code>
                  </td>
                  <td>{c.cluster ?? "—"}</td>
                  <td>
                    <code class="small">{c.serial}</code>
                  </td>
                  <td>{dateTime(c.notAfter)}</td>
                </tr>
              ))}
              {certs.data.length === 0 ? (
                <tr>
                  <td colSpan={4}>No certificates issued yet.</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        ) : null}
      </Panel>
    </div>
  );
}

function rotating(ca: MeshCa): boolean {
  const s = ca.rotation?.state ?? ca.rotation?.phase;
  return !!s && !["done", "completed", "idle", "none"].includes(s);
}

function RotationProgress(props: { ca: MeshCa }) {
  const r = props.ca.rotation;
  if (!r) return <p class="muted">No rotation in progress.</p>;
  const done = r.proxiesOnNewRoot ?? r.reissued;
  const total = r.proxiesTotal ?? r.total;
  const pct =
    r.progress !== undefined
      ? Math.round(r.progress <= 1 ? r.progress * 100 : r.progress)
      : total
        ? Math.round(((done ?? 0) / total) * 100)
        : null;
  return (
    <div>
      <h3>Rotation</h3>
      <p>
        {r.state ?? r.phase ?? "in progress"}
        {r.startedAt ? `, started ${dateTime(r.startedAt)}` : ""}
        {done !== undefined && total !== undefined ? ` — ${done} of ${total} proxies on the new root` : ""}
      </p>
      {pct !== null ? (
        <progress max={100} value={pct} aria-label="Rotation progress">
          {pct}%
        </progress>
      ) : null}
    </div>
  );
}
