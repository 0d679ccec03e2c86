import type { MeshMetrics } from "@trellis/sdk";
import { observedNote } from "../../lib/chart.ts";
import { latency, percent, rps } from "../../lib/format.ts";

/**
 * A window's totals: requests, rate, success, percentiles. The rate is over the part of the
 * window the mesh was observed (the API's `observedSeconds`), and says so when that is less
 * than the window — a young mesh's "last hour" is its few minutes.
 */
export function GoldenTotals(props: { metrics: MeshMetrics }) {
  const { totals, observedSeconds, from, to } = props.metrics;
  const note = observedNote(observedSeconds, (Date.parse(to) - Date.parse(from)) / 1000);
  return (
    <dl
      class="totals"
      data-testid="golden-totals"
      data-rps={totals.rps}
      data-observed-seconds={observedSeconds}
    >
      <div>
        <dt>Requests</dt>
        <dd>{totals.requests}</dd>
      </div>
      <div>
        <dt>Rate</dt>
        <dd data-testid="golden-rate">
          {rps(totals.rps)}
          {note ? <span class="muted small"> over the {note} observed</span> : null}
        </dd>
      </div>
      <div>
        <dt>Success</dt>
        <dd>{percent(totals.successRate)}</dd>
      </div>
      <div>
        <dt>p50 / p95 / p99</dt>
        <dd>
          {latency(totals.latencyMsP50)} / {latency(totals.latencyMsP95)} / {latency(totals.latencyMsP99)}
        </dd>
      </div>
    </dl>
  );
}
