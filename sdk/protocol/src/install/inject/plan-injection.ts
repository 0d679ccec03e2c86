import { ports, releaseVersion } from "../kubernetes/constants.ts";
import {
  drainSeconds,
  type InjectionSettings,
  initContainerName,
  proxyContainerName,
  waitBeforeExitSeconds,
} from "./injection-settings.ts";
import { type JsonPatchOp, pointerSegment } from "./json-patch.ts";
import {
  AnnotationError,
  appPort,
  l4PassThroughMode,
  optedOut,
  podAnnotations,
  resourceAnnotation,
  serviceName,
  skipLists,
} from "./pod-annotations.ts";
import type { Container, PodLike } from "./pod-shape.ts";
import { initContainer, injectedVolumes, proxyContainer } from "./proxy-containers.ts";

/** What to do with one pod: a patch, or why not. */
export type InjectionPlan =
  | { action: "inject"; patch: JsonPatchOp[] }
  /** The pod opted out, cannot be meshed (hostNetwork), or already has a proxy. */
  | { action: "skip"; reason: string }
  /** An annotation says something impossible; the reason names it. */
  | { action: "invalid"; reason: string };

/**
 * Decides and computes the injection of trellis-proxy into a pod (or a pod template):
 * a JSON Patch against it, the same for the admission webhook and `trellis inject`.
 * Pure; idempotent: a pod that already has the proxy gets no patch.
 */
export function planInjection(
  pod: PodLike,
  settings: InjectionSettings,
  context: { workloadName?: string } = {},
): InjectionPlan {
  if (!pod?.spec || !Array.isArray(pod.spec.containers))
    return { action: "invalid", reason: "not a pod spec" };
  if (optedOut(pod)) return { action: "skip", reason: "opted out (trellis.dev/inject: disabled)" };
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  if (all.some((c) => c.name === proxyContainerName || c.name === initContainerName))
    return { action: "skip", reason: "already injected" };
  if (pod.spec.hostNetwork)
    return { action: "skip", reason: "hostNetwork: capture rules would redirect the node's own traffic" };
  try {
    return { action: "inject", patch: injectionPatch(pod, settings, context.workloadName) };
  } catch (err) {
    if (err instanceof AnnotationError) return { action: "invalid", reason: err.message };
    throw err;
  }
}

function injectionPatch(
  pod: PodLike,
  settings: InjectionSettings,
  workloadName: string | undefined,
): JsonPatchOp[] {
  const port = appPort(pod);
  const skips = skipLists(pod);
  const proxy = proxyContainer(settings, {
    service: serviceName(pod, workloadName),
    appPort: port,
    resources: {
      cpuRequest: resourceAnnotation(pod, podAnnotations.proxyCpuRequest, "50m"),
      memoryRequest: resourceAnnotation(pod, podAnnotations.proxyMemoryRequest, "64Mi"),
      memoryLimit: resourceAnnotation(pod, podAnnotations.proxyMemoryLimit, "256Mi"),
    },
    l4PassThrough: l4PassThroughMode(pod),
  });
  const init = initContainer(settings, {
    captureInbound: port !== undefined,
    // The proxy's own ports, and the app's probe ports: the kubelet probes in plaintext,
    // which a strict-mTLS inbound listener would refuse.
    skipInboundPorts: unique([
      String(ports.proxyInbound),
      String(ports.proxyAdmin),
      ...probePorts(pod),
      ...skips.inboundPorts,
    ]),
    skipOutboundPorts: skips.outboundPorts,
    skipOutboundCidrs: skips.outboundCidrs,
  });
  const patch: JsonPatchOp[] = [];
  const spec = pod.spec;
  const inits = settings.nativeSidecar ? [init, proxy] : [init];
  if (spec.initContainers === undefined)
    patch.push({ op: "add", path: "/spec/initContainers", value: inits });
  else
    for (const [i, c] of inits.entries())
      patch.push({ op: "add", path: `/spec/initContainers/${i}`, value: c });
  // First, so that as a regular container it starts before the app.
  if (!settings.nativeSidecar) patch.push({ op: "add", path: "/spec/containers/0", value: proxy });
  if (spec.volumes === undefined) patch.push({ op: "add", path: "/spec/volumes", value: injectedVolumes() });
  else for (const v of injectedVolumes()) patch.push({ op: "add", path: "/spec/volumes/-", value: v });
  const grace = spec.terminationGracePeriodSeconds ?? 30;
  const needed = drainSeconds + (settings.nativeSidecar ? 0 : waitBeforeExitSeconds) + 1;
  if (grace < needed)
    patch.push({
      op: spec.terminationGracePeriodSeconds === undefined ? "add" : "replace",
      path: "/spec/terminationGracePeriodSeconds",
      value: needed,
    });
  patch.push(...annotationPatch(pod, podAnnotations.injected, releaseVersion));
  return patch;
}

function annotationPatch(pod: PodLike, key: string, value: string): JsonPatchOp[] {
  if (pod.metadata === undefined)
    return [{ op: "add", path: "/metadata", value: { annotations: { [key]: value } } }];
  if (pod.metadata.annotations === undefined)
    return [{ op: "add", path: "/metadata/annotations", value: { [key]: value } }];
  return [{ op: "add", path: `/metadata/annotations/${pointerSegment(key)}`, value }];
}

/** Ports the app's probes use (named ports resolved through the container's ports). */
function probePorts(pod: PodLike): string[] {
  const out: string[] = [];
  const add = (c: Container, port: number | string | undefined) => {
    if (port === undefined) return;
    const n =
      typeof port === "number"
        ? port
        : (c.ports?.find((p) => p.name === port)?.containerPort ?? Number(port));
    if (Number.isInteger(n) && n > 0) out.push(String(n));
  };
  for (const c of pod.spec.containers) {
    for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
      add(c, probe?.httpGet?.port);
      add(c, probe?.tcpSocket?.port);
      add(c, probe?.grpc?.port);
    }
  }
  return out;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
