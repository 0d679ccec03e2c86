import type { ConfigSnapshot } from "@trellis/protocol/snapshot";
import type { ConfigSnapshotV2 } from "@trellis/protocol/snapshot/v2";
import type { UnavailableEndpoint__Input } from "@trellis/protocol/tunnel";

/** What the connector knows of one proxy that bears on its endpoints. */
export type ProxyPresence = {
  namespace: string;
  workload: string;
  /** SPIFFE id it serves as ("" before it has one). */
  identity: string;
  state: "draining" | "not-ready" | "gone";
};

/**
 * The endpoints of the snapshot that belong to proxies that are draining or gone, for
 * every proxy of this connector to leave out at once (EndpointStates). A proxy's
 * endpoints are those of its namespace whose workload is the proxy's workload (the
 * pod or VM name both discovery and the proxy know) and, when both say, whose identity
 * is the proxy's. An endpoint without a workload cannot be matched and stays in.
 * Sorted, so an unchanged set compares equal.
 */
export function unavailableEndpoints(
  snapshot: { v1: ConfigSnapshot | null; v2: ConfigSnapshotV2 | null } | undefined,
  proxies: readonly ProxyPresence[],
): UnavailableEndpoint__Input[] {
  if (!snapshot || proxies.length === 0) return [];
  const out = new Map<string, UnavailableEndpoint__Input>();
  for (const svc of endpointGroups(snapshot)) {
    for (const ep of svc.endpoints) {
      if (!ep.workload) continue;
      const p = proxies.find(
        (x) =>
          x.workload === ep.workload &&
          x.namespace === svc.namespace &&
          (!x.identity || x.identity === ep.identity),
      );
      if (!p) continue;
      const key = `${ep.address}:${ep.port}`;
      // A draining proxy still serves; "gone" wins when both are somehow known.
      if (out.get(key)?.reason !== "gone")
        out.set(key, { address: ep.address, port: ep.port, reason: p.state });
    }
  }
  return [...out.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, e]) => e);
}

type EndpointGroup = {
  namespace: string;
  endpoints: readonly { address: string; port: number; identity: string; workload?: string | undefined }[];
};

/** The endpoints of whichever rendering the connector holds (v2 preferred: it is what proxies read). */
function endpointGroups(snapshot: {
  v1: ConfigSnapshot | null;
  v2: ConfigSnapshotV2 | null;
}): EndpointGroup[] {
  if (snapshot.v2)
    return snapshot.v2.clusters.map((c) => ({ namespace: c.service.namespace, endpoints: c.endpoints }));
  return snapshot.v1?.services ?? [];
}
