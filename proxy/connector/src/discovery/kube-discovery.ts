import { CoreV1Api, DiscoveryV1Api, KubeConfig, Watch } from "@kubernetes/client-node";
import type { Logger } from "@trellis/proxy-core/logger";
import { type KubeEndpointSlice, type KubeService, mapKubernetes } from "./kube-mapping.ts";
import { Reflector } from "./kube-reflector.ts";

type ReflectedKind = "services" | "endpointslices";

import { countEndpoints, type DiscoveredServices, type Discovery, type DiscoveryStatus } from "./types.ts";

/** In-cluster config when run in a pod, else ~/.kube/config or $KUBECONFIG; or an explicit file. */
export function loadKubeConfig(kubeconfigPath?: string): KubeConfig {
  const kc = new KubeConfig();
  if (kubeconfigPath) kc.loadFromFile(kubeconfigPath);
  else kc.loadFromDefault();
  return kc;
}

/**
 * `--discovery kubernetes`: Services and EndpointSlices (discovery.k8s.io/v1) across all
 * namespaces, mapped by kube-mapping.ts. Nothing is reported until both are listed, so a
 * restart never announces services without their endpoints.
 */
export class KubeDiscovery implements Discovery {
  readonly mode = "kubernetes" as const;
  private readonly services: Reflector<KubeService>;
  private readonly slices: Reflector<KubeEndpointSlice>;
  private state: DiscoveredServices | null = null;
  private stateJson = "";
  private updatedAt: string | null = null;
  private debounce: NodeJS.Timeout | null = null;

  constructor(
    kc: KubeConfig,
    private readonly opts: { debounceMs: number; backoff: { baseMs: number; capMs: number } },
    private readonly onUpdate: (update: DiscoveredServices) => void,
    log: Logger,
  ) {
    const watch = new Watch(kc);
    const core = kc.makeApiClient(CoreV1Api);
    const discovery = kc.makeApiClient(DiscoveryV1Api);
    const changed = () => this.schedule();
    this.services = new Reflector<KubeService>(
      "services",
      "/api/v1/services",
      watch,
      () => core.listServiceForAllNamespaces() as Promise<{ items: KubeService[] }>,
      changed,
      opts.backoff,
      log,
    );
    this.slices = new Reflector<KubeEndpointSlice>(
      "endpointslices",
      "/apis/discovery.k8s.io/v1/endpointslices",
      watch,
      () => discovery.listEndpointSliceForAllNamespaces() as Promise<{ items: KubeEndpointSlice[] }>,
      changed,
      opts.backoff,
      log,
    );
  }

  async start(): Promise<void> {
    this.services.start();
    this.slices.start();
  }

  async stop(): Promise<void> {
    if (this.debounce) clearTimeout(this.debounce);
    await Promise.all([this.services.stop(), this.slices.stop()]);
  }

  current(): DiscoveredServices | null {
    return this.state;
  }

  status(): DiscoveryStatus & { reflectors: Record<ReflectedKind, { synced: boolean; version: string }> } {
    return {
      mode: this.mode,
      services: this.state?.services.length ?? 0,
      endpoints: countEndpoints(this.state),
      lastError: this.services.lastError ?? this.slices.lastError,
      updatedAt: this.updatedAt,
      reflectors: {
        services: { synced: this.services.synced, version: this.services.version, ...this.services.counters },
        endpointslices: { synced: this.slices.synced, version: this.slices.version, ...this.slices.counters },
      },
    };
  }

  private schedule(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.recompute();
    }, this.opts.debounceMs);
  }

  private recompute(): void {
    if (!this.services.synced || !this.slices.synced) return;
    const update = mapKubernetes(this.services.items(), this.slices.items());
    const json = JSON.stringify(update);
    if (json === this.stateJson) return;
    this.state = update;
    this.stateJson = json;
    this.updatedAt = new Date().toISOString();
    this.onUpdate(update);
  }
}
