/** A Kubernetes object as plain data: enough typing to name it, the rest is the object's own. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** `Kind/namespace/name`, the identity kubectl and kustomize use for an object. */
export function objectKey(o: KubeObject): string {
  return `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
}

export const partOfLabels = {
  "app.kubernetes.io/part-of": "trellis",
} as const;
