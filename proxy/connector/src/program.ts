import { EventEmitter } from "node:events";
import type { KubeConfig } from "@kubernetes/client-node";
import type { ConfigSnapshot } from "@trellis/protocol/tunnel";
import { createLogger, errorText, type Logger } from "@trellis/proxy-core/logger";
import { startAdminServer } from "./admin-server.ts";
import type { Config } from "./config.ts";
import { CrdSync, type CrdSyncStatus } from "./crd-sync/crd-sync.ts";
import { FileDiscovery } from "./discovery/file-discovery.ts";
import { KubeDiscovery, loadKubeConfig } from "./discovery/kube-discovery.ts";
import type { DiscoveredServices, Discovery, DiscoveryStatus } from "./discovery/types.ts";
import { WebhookMeshCert } from "./inject/webhook-mesh-cert.ts";
import { startWebhookServer } from "./inject/webhook-server.ts";
import { ProxyHub } from "./proxies/proxy-hub.ts";
import type { reportRow } from "./proxies/proxy-registry.ts";
import { startProxyServer } from "./proxies/proxy-server.ts";
import { openStateDir } from "./state/state-dir.ts";
import { chooseAuth } from "./tunnel/auth.ts";
import { maxMessageBytes } from "./tunnel/grpc-channel.ts";
import { joinToken } from "./tunnel/join-token.ts";
import {
  type AcceptedSnapshot,
  checkSnapshot,
  checkStoredSnapshot,
  sameSnapshot,
} from "./tunnel/snapshot-check.ts";
import { TunnelClient, type TunnelState, type TunnelStatus } from "./tunnel/tunnel-client.ts";
import { startXdsServer, type XdsServer, type XdsServerStatus } from "./xds/server/xds-server.ts";

/** What the program takes from its surroundings, so tests can supply their own. */
export type Bindings = {
  logger?: Logger;
  /** Overrides the default kubeconfig loading (tests point it at a fake API server). */
  kubeConfig?: KubeConfig;
};

export type ConnectorStatus = {
  state: "created" | TunnelState;
  version: string;
  tunnel: TunnelStatus | null;
  snapshot: {
    version: number;
    /** The renderings held, the control plane's primary first. */
    schemas: string[];
    source: "disk" | "control-plane";
    appliedAt: string;
  } | null;
  lastNack: { version: number; error: string; at: string } | null;
  proxies: ReturnType<typeof reportRow>[];
  discovery: DiscoveryStatus | null;
  /** The xDS server (`--xds`); `snapshotVersion` null while no trellis.config/v2 is held. */
  xds: XdsServerStatus | null;
  /** The CRD sync (Kubernetes discovery with --sync-resources true). */
  resources: CrdSyncStatus | null;
  /** The injector's mesh-CA certificate (--webhook-tls mesh-ca). */
  webhookCertificate: ReturnType<WebhookMeshCert["status"]> | null;
  addresses: {
    proxyPort: number | null;
    adminPort: number | null;
    webhookPort: number | null;
    xdsPort: number | null;
  };
};

export type ConnectorEvents = {
  state: [ConnectorStatus["state"]];
  snapshot: [{ version: number; source: "disk" | "control-plane" }];
  rejected: [{ version: number; error: string }];
  discovery: [DiscoveredServices];
  /** The control plane refused our secret; the connector will not reconnect. */
  fatal: [string];
};

export type Connector = ReturnType<typeof build>;

/** Wires the connector from its config; nothing runs until start(). */
export function build(config: Config, bindings: Bindings = {}) {
  const log = bindings.logger ?? createLogger(config.logLevel, { component: "connector" });
  const events = new EventEmitter<ConnectorEvents>();
  const state = openStateDir(config.stateDir);
  let tunnel: TunnelClient | null = null;
  let current: { accepted: AcceptedSnapshot; source: "disk" | "control-plane"; appliedAt: string } | null =
    null;
  let lastNack: ConnectorStatus["lastNack"] = null;
  let lifecycle: "created" | "running" | "stopped" = "created";
  const hub = new ProxyHub({ send: (msg) => tunnel?.send(msg) ?? false }, config.tuning, log);
  let proxyServer: Awaited<ReturnType<typeof startProxyServer>> | null = null;
  let admin: Awaited<ReturnType<typeof startAdminServer>> | null = null;
  let webhook: Awaited<ReturnType<typeof startWebhookServer>> | null = null;
  let xds: XdsServer | null = null;

  const upstream = { send: (msg: Parameters<TunnelClient["send"]>[0]) => tunnel?.send(msg) ?? false };
  const kubeConfig =
    config.discovery.mode === "kubernetes"
      ? (bindings.kubeConfig ?? loadKubeConfig(config.kubeconfig))
      : null;
  const backoff = { baseMs: config.tuning.backoffBaseMs, capMs: config.tuning.backoffCapMs };
  const crdSync =
    kubeConfig && config.syncResources
      ? new CrdSync(
          kubeConfig,
          {
            debounceMs: config.tuning.discoveryDebounceMs,
            resyncMs: config.tuning.resourceResyncMs,
            backoff,
          },
          upstream,
          log,
        )
      : null;
  const meshCert =
    kubeConfig && config.webhookListen && config.webhookTls === "mesh-ca"
      ? new WebhookMeshCert(
          { namespace: config.namespace, reconcileMs: config.tuning.webhookReconcileMs, kubeConfig },
          state,
          upstream,
          (tls) =>
            webhook?.setCertificate({
              cert: Buffer.from(tls.certChainPem.join("\n")),
              key: Buffer.from(tls.keyPem),
            }),
          log,
        )
      : null;

  const onDiscovery = (update: DiscoveredServices) => {
    events.emit("discovery", update);
    tunnel?.send({ discovery: update });
  };
  const discovery: Discovery =
    config.discovery.mode === "file"
      ? new FileDiscovery(
          config.discovery.path,
          { debounceMs: config.tuning.discoveryDebounceMs, pollMs: config.tuning.discoveryPollMs },
          onDiscovery,
          log,
        )
      : new KubeDiscovery(
          kubeConfig!,
          { debounceMs: config.tuning.discoveryDebounceMs, backoff },
          onDiscovery,
          log,
        );

  function serve(accepted: AcceptedSnapshot, source: "disk" | "control-plane"): void {
    current = { accepted, source, appliedAt: new Date().toISOString() };
    hub.setSnapshot(accepted);
    xds?.setSnapshot(accepted.v2);
    events.emit("snapshot", { version: accepted.version, source });
  }

  /** Validate → persist (last-known-good) → serve to proxies; the answer becomes the ACK/NACK. */
  async function applySnapshot(msg: ConfigSnapshot): Promise<{ ok: true } | { ok: false; error: string }> {
    const check = checkSnapshot(msg);
    if (!check.ok) {
      lastNack = { version: msg.version, error: check.error, at: new Date().toISOString() };
      log.warn("config snapshot rejected; keeping the previous one", {
        version: msg.version,
        error: check.error,
      });
      events.emit("rejected", { version: msg.version, error: check.error });
      return check;
    }
    const held = current?.accepted;
    if (held && sameSnapshot(held, check.accepted)) return { ok: true };
    await state.saveSnapshots(check.accepted);
    serve(check.accepted, "control-plane");
    log.info("config snapshot applied", {
      version: msg.version,
      schemas: check.accepted.payloads.map((p) => p.schema),
    });
    return { ok: true };
  }

  async function loadLastKnownGood(): Promise<void> {
    const stored = await state.loadSnapshots();
    if (!stored.v1 && !stored.v2) return;
    const check = checkStoredSnapshot(stored);
    if (!check.ok) {
      log.error("ignoring the last-known-good snapshot in the state dir", { error: check.error });
      return;
    }
    log.info("serving the last-known-good snapshot from the state dir", { version: check.accepted.version });
    serve(check.accepted, "disk");
  }

  function status(): ConnectorStatus {
    return {
      state:
        lifecycle === "created"
          ? "created"
          : lifecycle === "stopped"
            ? "stopped"
            : (tunnel?.snapshotStatus().state ?? "idle"),
      version: config.version,
      tunnel: tunnel?.snapshotStatus() ?? null,
      snapshot: current && {
        version: current.accepted.version,
        schemas: current.accepted.payloads.map((p) => p.schema),
        source: current.source,
        appliedAt: current.appliedAt,
      },
      lastNack,
      proxies: hub.reportRows(),
      discovery: lifecycle === "created" ? null : discovery.status(),
      xds: xds?.status() ?? null,
      resources: crdSync?.status() ?? null,
      webhookCertificate: meshCert?.status() ?? null,
      addresses: {
        proxyPort: proxyServer?.port ?? null,
        adminPort: admin?.port ?? null,
        webhookPort: webhook?.port ?? null,
        xdsPort: xds?.port ?? null,
      },
    };
  }

  async function start(): Promise<void> {
    if (lifecycle !== "created") throw new Error("a connector starts once");
    lifecycle = "running";
    await state.prepare();
    const auth = chooseAuth(await state.loadCredential(), await joinToken(config));
    if (!auth) {
      throw new Error(
        `no cluster credential in ${config.stateDir} and no --join-token: nothing to connect with`,
      );
    }
    // Last-known-good first, so proxies are served even when the control plane is down.
    await loadLastKnownGood();
    proxyServer = await startProxyServer(config.listen, hub, log);
    if (config.xds) {
      xds = await startXdsServer(config.xds, {
        log,
        onChange: () => hub.reportChanged(),
        maxMessageBytes,
        loads: { edges: (e) => hub.addEdges(e), intervalMs: config.tuning.loadReportIntervalMs },
      });
      hub.setExtraRows(() => xds?.rows() ?? []);
      xds.setSnapshot(current?.accepted.v2 ?? null);
    }
    if (config.admin) admin = await startAdminServer(config.admin, { ready: () => current !== null, status });
    if (config.webhookListen) {
      const stored = await meshCert?.load();
      webhook = await startInjector(
        config,
        meshCert
          ? {
              provided: stored
                ? { cert: Buffer.from(stored.certChainPem.join("\n")), key: Buffer.from(stored.keyPem) }
                : null,
            }
          : { files: { certFile: config.webhookCertFile!, keyFile: config.webhookKeyFile! } },
        log,
      );
      meshCert?.start();
    }
    await discovery.start();
    crdSync?.start();
    tunnel = new TunnelClient(
      config,
      auth,
      state,
      discovery.mode,
      {
        appliedVersion: () => current?.accepted.version ?? 0,
        applySnapshot,
        onSignResponse: (resp) => {
          if (!meshCert?.onSignResponse(resp)) hub.onSignResponse(resp);
        },
        onCommand: (cmd) => hub.onCommand(cmd),
        onResourceSyncResult: (result) => {
          void crdSync?.onResult(result);
        },
        onConnected: () => {
          const discovered = discovery.current();
          if (discovered) tunnel?.send({ discovery: discovered });
          hub.onTunnelUp();
          crdSync?.onConnected();
          void meshCert?.reconcile();
        },
        onDisconnected: () => {
          hub.onTunnelDown();
          meshCert?.onTunnelDown();
        },
        onStateChange: (s) => {
          events.emit("state", s.state);
          if (s.state === "unauthenticated" && s.fatalError) events.emit("fatal", s.fatalError);
        },
      },
      log,
    );
    tunnel.start();
    log.info("connector started", {
      controlPlane: config.controlPlane.url,
      proxyPort: proxyServer.port,
      adminPort: admin?.port,
      webhookPort: webhook?.port,
      xdsPort: xds?.port,
      discovery: discovery.mode,
      auth: auth.kind,
    });
  }

  async function stop(): Promise<void> {
    if (lifecycle === "stopped") return;
    lifecycle = "stopped";
    const steps: Promise<unknown>[] = [
      tunnel?.stop() ?? Promise.resolve(),
      discovery.stop(),
      crdSync?.stop() ?? Promise.resolve(),
      proxyServer?.close() ?? Promise.resolve(),
      xds?.close() ?? Promise.resolve(),
      admin?.close() ?? Promise.resolve(),
      webhook?.close() ?? Promise.resolve(),
    ];
    hub.close();
    meshCert?.stop();
    for (const r of await Promise.allSettled(steps)) {
      if (r.status === "rejected") log.warn("error while stopping", { error: errorText(r.reason) });
    }
    events.emit("state", "stopped");
  }

  /** Resolves once the tunnel's reconnect loop has ended (stopped, or refused for good). */
  const tunnelFinished = (): Promise<void> => tunnel?.finished ?? Promise.resolve();

  return { start, stop, status, events, tunnelFinished };
}

/** The sidecar injector, with the proxy settings it injects. */
function startInjector(config: Config, tls: Parameters<typeof startWebhookServer>[0]["tls"], log: Logger) {
  return startWebhookServer(
    {
      listen: config.webhookListen!,
      tls,
      certReloadMs: config.tuning.webhookCertReloadMs,
      settings: {
        proxyImage: config.proxyImage,
        proxyInitImage: config.proxyInitImage,
        connectorAddress: config.injectConnectorAddress,
        nativeSidecar: config.nativeSidecar,
      },
    },
    log,
  );
}
