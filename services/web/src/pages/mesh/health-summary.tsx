import type { MeshHealth } from "@trellis/sdk";
import { Badge, LoadError, Loading, Panel } from "../../components/ui.tsx";
import type { Polled } from "../../hooks/use-poll.ts";

const flagLabels: Record<string, string> = {
  version_behind: "Proxy version behind",
  mixed_versions: "Mixed versions in a service",
  config_out_of_sync: "Config out of sync",
  config_nacked: "Config rejected",
  stale_heartbeat: "Stale heartbeat",
  cert_expiring: "Certificate expiring",
  connector_disconnected: "Connector disconnected",
  ca_expiring: "CA issuer expiring",
  proxy_not_ready: "Proxy not ready",
};

/** Health flags counted per kind, with each flag's reason. */
export function HealthSummary(props: { health: Polled<MeshHealth> }) {
  const { data, error, loading } = props.health;
  const flags = data?.flags ?? [];
  const counts = data?.counts ?? countFlags(flags);
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  return (
    <Panel title="Health">
      {error ? <LoadError error={error} what="health" /> : null}
      {loading ? <Loading what="health" /> : null}
      {data?.proxies ? (
        <p data-testid="proxy-counts">
          {data.proxies.total} proxies: {data.proxies.ready} ready, {data.proxies.notReady} not ready,{" "}
          {data.proxies.stale} stale, {data.proxies.gone} gone.
        </p>
      ) : null}
      {data ? (
        entries.length === 0 ? (
          <p>
            <Badge tone="good">No flags</Badge> Every proxy and connector looks healthy.
          </p>
        ) : (
          <>
            <ul class="flag-counts">
              {entries.map(([flag, n]) => (
                <li key={flag}>
                  <Badge tone={flag.includes("expir") || flag.includes("disconnected") ? "bad" : "warn"}>
                    {n}
                  </Badge>{" "}
                  {flagLabels[flag] ?? flag}
                </li>
              ))}
            </ul>
            <ul class="flag-reasons">
              {flags.slice(0, 20).map((f) => (
                <li key={`${f.flag}/${f.subjectKind}/${f.subject}`}>
                  <strong>{f.subject}</strong>: {f.reason}
                </li>
              ))}
            </ul>
          </>
        )
      ) : null}
    </Panel>
  );
}

function countFlags(flags: { flag: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of flags) counts[f.flag] = (counts[f.flag] ?? 0) + 1;
  return counts;
}
