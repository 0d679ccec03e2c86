import type { MetricWindow, ServiceGraphNode } from "@trellis/sdk";
import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { listProxies, meshHealth, serviceGraph } from "../../api/observability.ts";
import { Link, LoadError, Loading, Panel } from "../../components/ui.tsx";
import { useNow, usePoll } from "../../hooks/use-poll.ts";
import { ClustersPanel } from "./clusters-panel.tsx";
import { HealthSummary } from "./health-summary.tsx";
import { NodeDetails } from "./node-details.tsx";
import { ProxiesTable } from "./proxies-table.tsx";
import { ServiceGraphView } from "./service-graph.tsx";
import { ServicesPanel } from "./services-panel.tsx";
import { StaticStabilityPanel } from "./static-stability.tsx";
import { SyncPanel } from "./sync-panel.tsx";
import { WindowPicker } from "./window-picker.tsx";

/** A mesh at a glance: static stability first, then clusters, health, graph, sync, proxies, services. */
export function OverviewPage(props: { mesh: string }) {
  const mesh = props.mesh;
  const now = useNow();
  const [win, setWin] = useState<MetricWindow>("5m");
  const meshInfo = usePoll(() => api.meshes.get(mesh), 5000, [mesh]);
  const clusters = usePoll(() => api.clusters(mesh).listAll(), 2000, [mesh]);
  const sync = usePoll(() => api.sync(mesh).get(), 2000, [mesh]);
  const services = usePoll(() => api.services(mesh).listAll(), 5000, [mesh]);
  const proxies = usePoll(() => listProxies(mesh), 3000, [mesh]);
  const health = usePoll(() => meshHealth(mesh), 5000, [mesh]);
  const graph = usePoll(() => serviceGraph(mesh, win), 5000, [mesh, win]);
  const [picked, setPicked] = useState<ServiceGraphNode | null>(null);

  if (meshInfo.error && !meshInfo.data) return <LoadError error={meshInfo.error} what={`mesh ${mesh}`} />;
  return (
    <div>
      <h1>
        Mesh {mesh}
        {meshInfo.data?.description ? (
          <span class="muted subtitle"> — {meshInfo.data.description}</span>
        ) : null}
      </h1>
      <p class="muted">
        Trust domain <code>{meshInfo.data?.trustDomain ?? "…"}</code> · config version{" "}
        {meshInfo.data?.configVersion ?? "…"}
      </p>
      <StaticStabilityPanel clusters={clusters.data} proxies={proxies.data} now={now} />
      <div class="grid two">
        <ClustersPanel mesh={mesh} clusters={clusters} now={now} />
        <HealthSummary health={health} />
      </div>
      <Panel
        title="Service graph"
        actions={
          <>
            <WindowPicker value={win} onChange={setWin} id="graph-window" />
            <Link href={`/meshes/${encodeURIComponent(mesh)}/traffic`}>Golden metrics and tap →</Link>
          </>
        }
      >
        {graph.error ? <LoadError error={graph.error} what="the service graph" /> : null}
        {graph.loading ? <Loading what="the service graph" /> : null}
        {graph.data ? (
          <ServiceGraphView
            graph={graph.data}
            selected={picked?.id ?? null}
            onSelect={(n) => setPicked(picked?.id === n.id ? null : n)}
          />
        ) : null}
        {picked ? (
          <NodeDetails mesh={mesh} node={picked} window={win} />
        ) : graph.data && graph.data.nodes.length > 0 ? (
          <p class="muted small">Pick a service on the graph for its golden metrics.</p>
        ) : null}
      </Panel>
      <SyncPanel sync={sync} now={now} />
      <ProxiesTable proxies={proxies} sync={sync.data} now={now} />
      <ServicesPanel mesh={mesh} services={services} />
    </div>
  );
}
