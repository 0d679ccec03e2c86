import type { MetricWindow, ServiceGraphNode } from "@trellis/sdk";
import { meshMetrics } from "../../api/observability.ts";
import { Link, LoadError, Loading } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { GoldenCharts } from "./traffic.tsx";

/** The golden metrics of the service picked on the graph, over the graph's window. */
export function NodeDetails(props: { mesh: string; node: ServiceGraphNode; window: MetricWindow }) {
  const { namespace, service } = props.node;
  const metrics = usePoll(() => meshMetrics(props.mesh, props.window, service, namespace), 5000, [
    props.mesh,
    props.window,
    namespace,
    service,
  ]);
  const traffic = `/meshes/${encodeURIComponent(props.mesh)}/traffic?service=${encodeURIComponent(`${namespace}/${service}`)}`;
  return (
    <section
      class="node-details"
      aria-labelledby="node-details-title"
      data-testid="node-details"
      data-node={props.node.id}
    >
      <h3 id="node-details-title">
        {service ? `${namespace}/${service}` : "Traffic from outside the mesh"}
        {props.node.routes.length > 0 ? (
          <span class="muted small"> — parent of {props.node.routes.join(", ")}</span>
        ) : null}
      </h3>
      {metrics.error ? <LoadError error={metrics.error} what="its golden metrics" /> : null}
      {metrics.loading ? <Loading what="its golden metrics" /> : null}
      {metrics.data ? <GoldenCharts metrics={metrics.data} /> : null}
      {service ? (
        <p>
          <Link href={traffic}>Its traffic page, with live tap →</Link>
        </p>
      ) : null}
    </section>
  );
}
