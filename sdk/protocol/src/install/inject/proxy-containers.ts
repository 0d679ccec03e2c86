import { ports, proxyUid } from "../kubernetes/constants.ts";
import {
  drainSeconds,
  type InjectionSettings,
  initContainerName,
  proxyContainerName,
  waitBeforeExitSeconds,
} from "./injection-settings.ts";

export const stateVolume = "trellis-proxy-state";
export const xtablesLockVolume = "trellis-proxy-init-xtables-lock";

export interface ProxyShape {
  service: string;
  /** Undefined: the pod serves nothing; the proxy runs outbound only. */
  appPort: number | undefined;
  resources: { cpuRequest: string; memoryRequest: string; memoryLimit: string };
  /** `--l4-pass-through` (the pod's annotation); undefined leaves the proxy's default. */
  l4PassThrough?: "auto" | "off";
}

const fromField = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });

/**
 * The trellis-proxy container. Identity comes from the pod itself through the downward
 * API (namespace and service account), so the same container works in any namespace and
 * `trellis inject` needs no cluster access.
 */
export function proxyContainer(settings: InjectionSettings, shape: ProxyShape): Record<string, unknown> {
  const probe = (path: string, extra: Record<string, number>) => ({
    httpGet: { path, port: ports.proxyAdmin },
    ...extra,
  });
  const args = [
    `--connector=${settings.connectorAddress}`,
    `--outbound=127.0.0.1:${ports.proxyOutbound}`,
    // trellis-proxy-init's iptables rules redirect the app's connections to --outbound.
    "--capture=iptables",
    ...(shape.appPort === undefined
      ? []
      : [`--inbound=0.0.0.0:${ports.proxyInbound}`, `--app=127.0.0.1:${shape.appPort}`]),
    // Kubelet probes come from the node, so admin listens on the pod's address.
    `--admin=0.0.0.0:${ports.proxyAdmin}`,
    "--state-dir=/var/run/trellis-proxy",
    `--drain-timeout-ms=${drainSeconds * 1000}`,
    ...(shape.l4PassThrough ? [`--l4-pass-through=${shape.l4PassThrough}`] : []),
  ];
  return {
    name: proxyContainerName,
    image: settings.proxyImage,
    args,
    env: [
      fromField("TRELLIS_PROXY_NAMESPACE", "metadata.namespace"),
      fromField("TRELLIS_PROXY_SERVICE_ACCOUNT", "spec.serviceAccountName"),
      fromField("TRELLIS_PROXY_WORKLOAD", "metadata.name"),
      { name: "TRELLIS_PROXY_SERVICE", value: shape.service },
    ],
    ports: [
      ...(shape.appPort === undefined
        ? []
        : [{ name: "trellis-inbound", containerPort: ports.proxyInbound }]),
      { name: "trellis-admin", containerPort: ports.proxyAdmin },
    ],
    // As a native sidecar, the app starts only once this passes: it never runs unmeshed.
    startupProbe: probe("/ready", { periodSeconds: 1, failureThreshold: 120 }),
    readinessProbe: probe("/ready", { periodSeconds: 5 }),
    livenessProbe: probe("/live", { periodSeconds: 10, failureThreshold: 3 }),
    resources: {
      requests: { cpu: shape.resources.cpuRequest, memory: shape.resources.memoryRequest },
      limits: { memory: shape.resources.memoryLimit },
    },
    securityContext: {
      runAsUser: proxyUid,
      runAsGroup: proxyUid,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    volumeMounts: [{ name: stateVolume, mountPath: "/var/run/trellis-proxy" }],
    ...(settings.nativeSidecar
      ? { restartPolicy: "Always" }
      : {
          // A regular container gets SIGTERM with the app: keep serving the app's last
          // calls for a moment, then drain (native sidecars are stopped after the app).
          lifecycle: { preStop: { exec: { command: ["/bin/sleep", String(waitBeforeExitSeconds)] } } },
        }),
  };
}

export interface CaptureShape {
  captureInbound: boolean;
  skipInboundPorts: string[];
  skipOutboundPorts: string[];
  skipOutboundCidrs: string[];
}

/** trellis-proxy-init: installs the pod's iptables capture rules (proxy/capture), then exits. */
export function initContainer(settings: InjectionSettings, capture: CaptureShape): Record<string, unknown> {
  const list = (flag: string, values: string[]) => (values.length > 0 ? [`${flag}=${values.join(",")}`] : []);
  return {
    name: initContainerName,
    image: settings.proxyInitImage,
    args: [
      `--proxy-uid=${proxyUid}`,
      `--outbound-port=${ports.proxyOutbound}`,
      `--inbound-port=${ports.proxyInbound}`,
      `--capture-inbound=${capture.captureInbound}`,
      ...list("--skip-inbound-ports", capture.skipInboundPorts),
      ...list("--skip-outbound-ports", capture.skipOutboundPorts),
      ...list("--skip-outbound-cidrs", capture.skipOutboundCidrs),
    ],
    resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
    securityContext: {
      // iptables needs root and these two capabilities, nothing else.
      runAsUser: 0,
      runAsNonRoot: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { add: ["NET_ADMIN", "NET_RAW"], drop: ["ALL"] },
    },
    // iptables takes a lock file under /run.
    volumeMounts: [{ name: xtablesLockVolume, mountPath: "/run" }],
  };
}

export function injectedVolumes(): unknown[] {
  return [
    // Memory-backed: the proxy's private key never touches the node's disk.
    { name: stateVolume, emptyDir: { medium: "Memory", sizeLimit: "16Mi" } },
    { name: xtablesLockVolume, emptyDir: {} },
  ];
}
