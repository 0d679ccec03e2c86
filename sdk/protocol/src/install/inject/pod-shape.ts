/** The parts of a Pod (or pod template) the injector reads; everything else passes through. */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface Probe {
  httpGet?: { port: number | string };
  tcpSocket?: { port: number | string };
  grpc?: { port: number };
}

export interface Container {
  name: string;
  ports?: ContainerPort[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  [field: string]: unknown;
}

export interface PodMetadata {
  name?: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { kind: string; name: string }[];
  [field: string]: unknown;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: unknown[];
  serviceAccountName?: string;
  hostNetwork?: boolean;
  terminationGracePeriodSeconds?: number;
  [field: string]: unknown;
}

export interface PodLike {
  metadata?: PodMetadata;
  spec: PodSpec;
}
