import { defaultImages, names, ports } from "../kubernetes/constants.ts";

/** What the injector adds, beyond what the pod itself says. */
export interface InjectionSettings {
  proxyImage: string;
  proxyInitImage: string;
  /** `host:port` of the connector's ProxyControl, e.g. `trellis-connector.trellis-system.svc:4190`. */
  connectorAddress: string;
  /** An init container with `restartPolicy: Always` (Kubernetes ≥ 1.29) rather than a regular container. */
  nativeSidecar: boolean;
}

export const proxyContainerName = "trellis-proxy";
export const initContainerName = "trellis-proxy-init";

/** The proxy's SIGTERM drain (its --drain-timeout-ms) and, as a regular container, the wait before it starts. */
export const drainSeconds = 10;
export const waitBeforeExitSeconds = 5;

export function defaultInjectionSettings(connectorNamespace = "trellis-system"): InjectionSettings {
  return {
    proxyImage: defaultImages.proxy,
    proxyInitImage: defaultImages.proxyInit,
    connectorAddress: `${names.connector}.${connectorNamespace}.svc:${ports.connectorProxyControl}`,
    nativeSidecar: true,
  };
}
