import type { KubeObject } from "@trellis/protocol/install";

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
  };
}

export interface ContainerSpec {
  name: string;
  args?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string } }[];
}

/**
 * The environment the kubelet would give a container of these objects: envFrom
 * ConfigMaps, then env entries (Secret and ConfigMap keys, the pod's namespace, and
 * `$(VAR)` references to earlier variables).
 */
export function containerEnvironment(
  objects: KubeObject[],
  container: ContainerSpec,
  pod: { namespace: string; name?: string; serviceAccountName?: string },
): Record<string, string> {
  const find = (kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name) as
      | (KubeObject & { data?: Record<string, string>; stringData?: Record<string, string> })
      | undefined;
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const map = from.configMapRef && find("ConfigMap", from.configMapRef.name);
    if (!map) throw new Error(`envFrom: no ConfigMap ${from.configMapRef?.name}`);
    Object.assign(env, map.data);
  }
  const fields: Record<string, string | undefined> = {
    "metadata.namespace": pod.namespace,
    "metadata.name": pod.name,
    "spec.serviceAccountName": pod.serviceAccountName ?? "default",
  };
  for (const v of container.env ?? []) {
    let value: string | undefined;
    if (v.value !== undefined)
      value = v.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n: string) => env[n] ?? m);
    else if (v.valueFrom?.secretKeyRef) {
      const ref = v.valueFrom.secretKeyRef;
      value = find("Secret", ref.name)?.stringData?.[ref.key];
      if (value === undefined && !ref.optional)
        throw new Error(`env ${v.name}: no Secret key ${ref.name}/${ref.key}`);
    } else if (v.valueFrom?.configMapKeyRef) {
      value = find("ConfigMap", v.valueFrom.configMapKeyRef.name)?.data?.[v.valueFrom.configMapKeyRef.key];
    } else if (v.valueFrom?.fieldRef) value = fields[v.valueFrom.fieldRef.fieldPath];
    if (value !== undefined) env[v.name] = value;
  }
  return env;
}
