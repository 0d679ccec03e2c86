import { dnsLabelSchema } from "../../names.ts";
import { injectLabel } from "../kubernetes/constants.ts";
import type { PodLike } from "./pod-shape.ts";

/** Pod annotations the injector reads (on the pod, or a workload's pod template). */
export const podAnnotations = {
  /** `enabled` | `disabled` (also read as a label). */
  inject: injectLabel,
  /** The mesh service this pod serves; default: see serviceName(). */
  service: "trellis.dev/service",
  /** The port the app listens on; default: the first container's first TCP port. */
  appPort: "trellis.dev/app-port",
  /** Comma-separated ports (or `from:to` ranges) whose traffic bypasses the proxy. */
  skipInboundPorts: "trellis.dev/skip-inbound-ports",
  skipOutboundPorts: "trellis.dev/skip-outbound-ports",
  /** Comma-separated IPv4 CIDRs that outbound traffic reaches directly. */
  skipOutboundCidrs: "trellis.dev/skip-outbound-cidrs",
  proxyCpuRequest: "trellis.dev/proxy-cpu-request",
  proxyMemoryRequest: "trellis.dev/proxy-memory-request",
  proxyMemoryLimit: "trellis.dev/proxy-memory-limit",
  /**
   * `auto`: the inbound side pipes mTLS connections to the app as bytes when no L7 policy
   * applies to the service (the app then gets no x-trellis-client-identity header);
   * `off` (the default): every request is parsed.
   */
  l4PassThrough: "trellis.dev/l4-pass-through",
  /** Set by the injector: the proxy version it added. */
  injected: "trellis.dev/injected",
} as const;

export class AnnotationError extends Error {
  override name = "AnnotationError";
}

function annotation(pod: PodLike, key: string): string | undefined {
  const value = pod.metadata?.annotations?.[key];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** True when the pod says `trellis.dev/inject: disabled`, as an annotation or a label. */
export function optedOut(pod: PodLike): boolean {
  return (
    pod.metadata?.annotations?.[injectLabel] === "disabled" ||
    pod.metadata?.labels?.[injectLabel] === "disabled"
  );
}

const portRange = /^(\d{1,5})(?::(\d{1,5}))?$/;

/** `"80, 8000:8100"` → `["80", "8000:8100"]`, each checked (1–65535, from ≤ to). */
export function parsePortList(value: string | undefined, key: string): string[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const m = portRange.exec(p);
      const from = Number(m?.[1]);
      const to = m?.[2] === undefined ? from : Number(m[2]);
      if (!m || from < 1 || to > 65535 || from > to)
        throw new AnnotationError(`${key}: "${p}" is not a port or a from:to port range`);
      return p;
    });
}

const cidr = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function parseCidrList(value: string | undefined, key: string): string[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => {
      const m = cidr.exec(c);
      if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32)
        throw new AnnotationError(`${key}: "${c}" is not an IPv4 CIDR such as 10.0.0.0/8`);
      return c;
    });
}

/** The app port: the annotation, else the first TCP containerPort of the first container. */
export function appPort(pod: PodLike): number | undefined {
  const raw = annotation(pod, podAnnotations.appPort);
  if (raw !== undefined) {
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new AnnotationError(`${podAnnotations.appPort}: "${raw}" is not a port`);
    return port;
  }
  const first = pod.spec.containers[0]?.ports?.find((p) => (p.protocol ?? "TCP") === "TCP");
  return first?.containerPort;
}

/**
 * The mesh service the pod serves: the annotation, then the usual name labels, then the
 * workload that owns it, then its service account, then (a bare pod) its own name. Must
 * be a DNS label.
 */
export function serviceName(pod: PodLike, workloadName: string | undefined): string {
  const labels = pod.metadata?.labels ?? {};
  const account = pod.spec.serviceAccountName;
  const candidates = [
    annotation(pod, podAnnotations.service),
    labels["app.kubernetes.io/name"],
    labels.app,
    workloadName,
    account && account !== "default" ? account : undefined,
    pod.metadata?.name,
  ];
  const name = candidates.find((c) => c !== undefined && c !== "");
  if (name === undefined)
    throw new AnnotationError(
      `cannot tell which service this pod serves: set the ${podAnnotations.service} annotation or an app.kubernetes.io/name label`,
    );
  if (!dnsLabelSchema.safeParse(name).success)
    throw new AnnotationError(`service name "${name}" is not a DNS label (set ${podAnnotations.service})`);
  return name;
}

/** The workload owning a pod, from its owner reference (a ReplicaSet's name minus the template hash). */
export function ownerWorkload(pod: PodLike): string | undefined {
  const owner = pod.metadata?.ownerReferences?.[0];
  if (!owner) return undefined;
  const hash = pod.metadata?.labels?.["pod-template-hash"];
  if (owner.kind === "ReplicaSet" && hash && owner.name.endsWith(`-${hash}`))
    return owner.name.slice(0, -hash.length - 1);
  return owner.name;
}

export function resourceAnnotation(pod: PodLike, key: string, fallback: string): string {
  const value = annotation(pod, key);
  if (value === undefined) return fallback;
  if (!/^\d+(\.\d+)?(m|k|Ki|M|Mi|G|Gi)?$/.test(value))
    throw new AnnotationError(`${key}: "${value}" is not a Kubernetes quantity such as 100m or 64Mi`);
  return value;
}

/** The proxy's `--l4-pass-through` mode the pod asks for (undefined: the proxy's default, off). */
export function l4PassThroughMode(pod: PodLike): "auto" | "off" | undefined {
  const value = annotation(pod, podAnnotations.l4PassThrough);
  if (value === undefined || value === "auto" || value === "off") return value;
  throw new AnnotationError(`${podAnnotations.l4PassThrough}: "${value}" must be auto or off`);
}

export function skipLists(pod: PodLike) {
  return {
    inboundPorts: parsePortList(
      annotation(pod, podAnnotations.skipInboundPorts),
      podAnnotations.skipInboundPorts,
    ),
    outboundPorts: parsePortList(
      annotation(pod, podAnnotations.skipOutboundPorts),
      podAnnotations.skipOutboundPorts,
    ),
    outboundCidrs: parseCidrList(
      annotation(pod, podAnnotations.skipOutboundCidrs),
      podAnnotations.skipOutboundCidrs,
    ),
  };
}
