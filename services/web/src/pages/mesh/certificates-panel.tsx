import { listCertificates } from "../../api/ca.ts";
import { LoadError, Loading, Panel } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { dateTime, duration } from "../../lib/format.ts";

/** The newest workload certificates the mesh CA issued (the registry, newest first). */
export function CertificatesPanel(props: { mesh: string; now: number }) {
  const certs = usePoll(() => listCertificates(props.mesh), 5000, [props.mesh]);
  return (
    <Panel title="Issued workload certificates">
      {certs.error ? <LoadError error={certs.error} what="certificates" /> : null}
      {certs.loading ? <Loading what="certificates" /> : null}
      {certs.data ? (
        <table data-testid="certificates-table">
          <thead>
            <tr>
              <th scope="col">Identity</th>
              <th scope="col">Cluster / proxy</th>
              <th scope="col">Issued</th>
              <th scope="col">Expires</th>
              <th scope="col">Serial · root</th>
            </tr>
          </thead>
          <tbody>
            {certs.data.map((c) => {
              const left = Date.parse(c.notAfter) - props.now;
              return (
                <tr key={c.serial}>
                  <th scope="row">
                    <code>{c.identity}</code>
                  </th>
                  <td>
                    {c.cluster}
                    <div class="muted small">{c.proxyId}</div>
                  </td>
                  <td>{dateTime(c.issuedAt)}</td>
                  <td>
                    {dateTime(c.notAfter)}
                    <div class="muted small">{left <= 0 ? "expired" : `in ${duration(left)}`}</div>
                  </td>
                  <td>
                    <code class="small" title={c.serial}>
                      {c.serial.slice(0, 16)}…
                    </code>
                    <div class="muted small">
                      root <code>{c.rootFingerprint.slice(0, 12)}…</code>
                    </div>
                  </td>
                </tr>
              );
            })}
            {certs.data.length === 0 ? (
              <tr>
                <td colSpan={5}>No certificates issued yet: they appear when proxies start.</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </Panel>
  );
}
