import type { ClusterResource__Input } from "@trellis/protocol/tunnel";

/** A custom resource as the API server returns it (only what the sync reads). */
export interface CustomObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    generation?: number;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: unknown;
  status?: unknown;
}

/** kubectl's own bookkeeping: a copy of the whole object, meaningless to the mesh. */
const droppedAnnotations = new Set(["kubectl.kubernetes.io/last-applied-configuration"]);

/**
 * The document the control plane reads (the API's format, as `trellis apply` sends it):
 * apiVersion, kind, metadata (name, namespace, labels, annotations) and spec. Status and
 * the metadata the API server sets (uid, resourceVersion, managedFields…) stay behind.
 */
export function clusterDocument(obj: CustomObject): Record<string, unknown> {
  const m = obj.metadata ?? {};
  const annotations = Object.fromEntries(
    Object.entries(m.annotations ?? {}).filter(([k]) => !droppedAnnotations.has(k)),
  );
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: {
      name: m.name,
      ...(m.namespace ? { namespace: m.namespace } : {}),
      ...(m.labels && Object.keys(m.labels).length > 0 ? { labels: m.labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: obj.spec,
  };
}

/** One object of the ResourceSync, ordered by the caller. */
export function clusterResource(obj: CustomObject): ClusterResource__Input {
  return {
    document: Buffer.from(JSON.stringify(clusterDocument(obj))),
    generation: obj.metadata?.generation ?? 0,
  };
}

/** `apiVersion/kind/namespace/name`: how a ResourceStatus finds its object. */
export function objectKey(x: {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
}): string {
  return `${x.apiVersion ?? ""}/${x.kind ?? ""}/${x.namespace ?? ""}/${x.name ?? ""}`;
}

export const keyOfObject = (o: CustomObject) =>
  objectKey({
    apiVersion: o.apiVersion,
    kind: o.kind,
    namespace: o.metadata?.namespace,
    name: o.metadata?.name,
  });
