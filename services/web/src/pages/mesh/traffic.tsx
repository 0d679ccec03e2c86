import type { MeshMetrics, MetricWindow } from "@trellis/sdk";
import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { meshMetrics } from "../../api/observability.ts";
import { LoadError, Loading, Panel } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { navigate } from "../../router.ts";
import { GoldenTotals } from "./golden-totals.tsx";
import { LineChart } from "./line-chart.tsx";
import { TapView } from "./tap-view.tsx";
import { WindowPicker } from "./window-picker.tsx";

/** Golden metrics of one service (or the whole mesh) over a window, and live tap. */
export function TrafficPage(props: { mesh: string; service: string | null }) {
  const [win, setWin] = useState<MetricWindow>("1h");
  const services = usePoll(() => api.services(props.mesh).listAll(), 10_000, [props.mesh]);
  const [namespace, name] = props.service?.includes("/")
    ? props.service.split("/", 2)
    : [undefined, props.service ?? undefined];
  const metrics = usePoll(() => meshMetrics(props.mesh, win, name, namespace), 10_000, [
    props.mesh,
    win,
    props.service,
  ]);
  const base = `/meshes/${encodeURIComponent(props.mesh)}/traffic`;
  return (
    <div>
      <h1>Traffic in {props.mesh}</h1>
      <Panel
        title={`Golden metrics — ${props.service ?? "whole mesh"}`}
        actions={
          <>
            <span class="field inline">
              <label for="metrics-service">Service</label>
              <select
                id="metrics-service"
                value={props.service ?? ""}
                onChange={(e) => {
                  const v = (e.currentTarget as HTMLSelectElement).value;
                  navigate(v ? `${base}?service=${encodeURIComponent(v)}` : base, { replace: true });
                }}
              >
                <option value="">Whole mesh</option>
                {(services.data ?? []).map((s) => (
                  <option key={`${s.namespace}/${s.name}`} value={`${s.namespace}/${s.name}`}>
                    {s.namespace}/{s.name}
                  </option>
                ))}
              </select>
            </span>
            <WindowPicker value={win} onChange={setWin} id="metrics-window" />
          </>
        }
      >
        {metrics.error ? <LoadError error={metrics.error} what="metrics" /> : null}
        {metrics.loading ? <Loading what="metrics" /> : null}
        {metrics.data ? <GoldenCharts metrics={metrics.data} /> : null}
      </Panel>
      <TapView mesh={props.mesh} service={props.service} services={services.data ?? []} />
    </div>
  );
}

/** The totals, then rate, success and latency over the window (the bucket in progress dashed). */
export function GoldenCharts(props: { metrics: MeshMetrics }) {
  const { series } = props.metrics;
  const pts = (f: (s: MeshMetrics["series"][number]) => number | null) =>
    series.map((s) => ({ x: Date.parse(s.start), y: s.requests > 0 || f === rpsOf ? f(s) : null }));
  const open = series.find((s) => s.partial);
  const partialX = open ? Date.parse(open.start) : null;
  return (
    <>
      <GoldenTotals metrics={props.metrics} />
      <div class="grid three">
        <LineChart
          title="Requests per second"
          series={[{ label: "RPS", color: "#1f5fbf", points: pts(rpsOf) }]}
          format={(v) => v.toFixed(v < 10 ? 1 : 0)}
          partialX={partialX}
        />
        <LineChart
          title="Success rate"
          series={[{ label: "success", color: "#16794c", points: pts((s) => s.successRate) }]}
          format={(v) => `${Math.round(v * 100)}%`}
          yMax={1}
          partialX={partialX}
        />
        <LineChart
          title="Latency (ms)"
          series={[
            { label: "p50", color: "#1f5fbf", points: pts((s) => s.latencyMsP50) },
            { label: "p95", color: "#a15c00", points: pts((s) => s.latencyMsP95), dashed: true },
            { label: "p99", color: "#c0262d", points: pts((s) => s.latencyMsP99) },
          ]}
          format={(v) => v.toFixed(0)}
          partialX={partialX}
        />
      </div>
    </>
  );
}

const rpsOf = (s: { rps: number }) => s.rps;
