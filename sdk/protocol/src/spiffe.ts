/** SPIFFE ids of Trellis workloads (DESIGN §2). */
export function workloadSpiffeId(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

export function vmSpiffeId(trustDomain: string, name: string): string {
  return `spiffe://${trustDomain}/vm/${name}`;
}

export function connectorSpiffeId(trustDomain: string, clusterId: string): string {
  return `spiffe://${trustDomain}/cluster/${clusterId}/connector`;
}

export type ParsedSpiffeId =
  | { trustDomain: string; kind: "workload"; namespace: string; serviceAccount: string }
  | { trustDomain: string; kind: "vm"; name: string }
  | { trustDomain: string; kind: "connector"; clusterId: string };

const segment = "([a-z0-9]([-a-z0-9]*[a-z0-9])?)";
const patterns = {
  workload: new RegExp(`^spiffe://([a-z0-9.-]+)/ns/${segment}/sa/${segment}$`),
  vm: new RegExp(`^spiffe://([a-z0-9.-]+)/vm/${segment}$`),
  connector: /^spiffe:\/\/([a-z0-9.-]+)\/cluster\/([A-Za-z0-9_]+)\/connector$/,
};

/** Parses a Trellis SPIFFE id; null when it is not one of ours. */
export function parseSpiffeId(id: string): ParsedSpiffeId | null {
  const w = patterns.workload.exec(id);
  if (w) return { trustDomain: w[1]!, kind: "workload", namespace: w[2]!, serviceAccount: w[4]! };
  const v = patterns.vm.exec(id);
  if (v) return { trustDomain: v[1]!, kind: "vm", name: v[2]! };
  const c = patterns.connector.exec(id);
  if (c) return { trustDomain: c[1]!, kind: "connector", clusterId: c[2]! };
  return null;
}
