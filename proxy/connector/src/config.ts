import { defaultImages, defaultInjectionSettings } from "@trellis/protocol/inject";
import { z } from "zod";

/**
 * The connector's configuration, parsed from flags (and a few environment variables)
 * once at start. Parsing validates and never touches the network, so tests build the
 * real program from the same object with their own ports.
 */

const hostPortSchema = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, "must be <host>:<port>");

const controlPlaneEndpointSchema = z
  .url({ protocol: /^https?$/, error: "must be an http:// (plaintext) or https:// (TLS) URL" })
  .transform((raw) => {
    const url = new URL(raw);
    const tls = url.protocol === "https:";
    const port = url.port || (tls ? "443" : "80");
    return { url: raw, tls, target: `${url.hostname}:${port}` };
  });
export type ControlPlaneEndpoint = z.output<typeof controlPlaneEndpointSchema>;

/**
 * One or more control-plane replicas, comma-separated (or the flag repeated). They are
 * equivalent (state lives in PostgreSQL), so the connector tries them in turn: a
 * connector whose replica dies re-homes to the next one on its first reconnect.
 */
const controlPlaneSchema = z
  .string()
  .transform((raw) =>
    raw
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  )
  .pipe(z.array(controlPlaneEndpointSchema).min(1, "needs at least one URL"))
  .transform((endpoints) => ({ url: endpoints.map((e) => e.url).join(","), endpoints }));

const discoverySchema = z.union([
  z.literal("kubernetes").transform(() => ({ mode: "kubernetes" as const })),
  z
    .string()
    .regex(/^file:.+/, 'must be "kubernetes" or "file:<path>"')
    .transform((raw) => ({ mode: "file" as const, path: raw.slice("file:".length) })),
]);

/** Timings (≈250 ms → 5 s reconnect backoff, 3 s heartbeat, 5 s reports). */
export const tuningSchema = z.object({
  backoffBaseMs: z.number().int().positive().default(250),
  /**
   * Reconnect ceiling. Low on purpose: a connector waits at most this long after the
   * control plane returns, and full jitter spreads thousands of them across it.
   */
  backoffCapMs: z.number().int().positive().default(5_000),
  /** A stream welcomed and up this long was healthy: the next outage starts from the base delay. */
  healthyStreamMs: z.number().int().positive().default(10_000),
  /** Used until a Welcome names the control plane's heartbeat interval. */
  defaultHeartbeatMs: z.number().int().positive().default(3_000),
  /** The stream is declared dead after this many heartbeat intervals of silence. */
  deadAfterHeartbeats: z.number().positive().default(3),
  keepaliveTimeMs: z.number().int().positive().default(5_000),
  keepaliveTimeoutMs: z.number().int().positive().default(5_000),
  reportIntervalMs: z.number().int().positive().default(5_000),
  /** Coalesces bursts of proxy changes into one ProxyReport. */
  reportDebounceMs: z.number().int().nonnegative().default(100),
  metricWindowMs: z.number().int().positive().default(10_000),
  /**
   * How often proxyless gRPC clients send their load reports (LRS). Half the metric window,
   * so each window holds a report or two rather than straddling one.
   */
  loadReportIntervalMs: z.number().int().positive().default(5_000),
  /** Metric batches kept while the tunnel is down (older ones are dropped). */
  metricBacklog: z.number().int().nonnegative().default(6),
  signTimeoutMs: z.number().int().positive().default(30_000),
  commandTimeoutMs: z.number().int().positive().default(15_000),
  discoveryDebounceMs: z.number().int().nonnegative().default(100),
  /** A safety net beside fs.watch, which can miss events on some file systems. */
  discoveryPollMs: z.number().int().positive().default(30_000),
  /** How often the webhook's certificate files are re-read. */
  webhookCertReloadMs: z.number().int().positive().default(10_000),
  /** How often the mesh-CA webhook certificate's renewal and the caBundle are checked. */
  webhookReconcileMs: z.number().int().positive().default(30_000),
  /** Informer resync of the CRD sync: the whole set is sent again and statuses refreshed. */
  resourceResyncMs: z.number().int().positive().default(60_000),
});
export type Tuning = z.infer<typeof tuningSchema>;

export const configSchema = z.object({
  controlPlane: controlPlaneSchema,
  caFile: z.string().min(1).optional(),
  joinToken: z.string().min(1).optional(),
  /** A file holding the join token (a mounted Secret), so the token is in neither `ps` nor the environment. */
  joinTokenFile: z.string().min(1).optional(),
  stateDir: z.string().min(1),
  discovery: discoverySchema,
  kubeconfig: z.string().min(1).optional(),
  listen: hostPortSchema,
  admin: hostPortSchema.optional(),
  /** xDS (ADS over gRPC) for Envoy sidecars and proxyless gRPC clients; off when absent. */
  xds: hostPortSchema.optional(),
  version: z.string().min(1).default("0.1.0"),
  logLevel: z.enum(["debug", "info", "warn", "error"]).default("info"),
  tuning: tuningSchema.default(tuningSchema.parse({})),
  /** The sidecar injector (an HTTPS admission webhook); off unless --webhook-listen is given. */
  webhookListen: hostPortSchema.optional(),
  webhookCertFile: z.string().min(1).optional(),
  webhookKeyFile: z.string().min(1).optional(),
  /** `files`: --webhook-cert-file/--webhook-key-file; `mesh-ca`: issued by the mesh CA over the tunnel. */
  webhookTls: z.enum(["files", "mesh-ca"], { error: 'must be "files" or "mesh-ca"' }).default("files"),
  /** The namespace of the install (the webhook Service's); the pod's own, from POD_NAMESPACE. */
  namespace: z.string().min(1).default("trellis-system"),
  /** With --discovery kubernetes: sync the trellis.dev and Gateway API route custom resources. */
  syncResources: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .default("true")
    .transform((v) => v === "true"),
  proxyImage: z.string().min(1).default(defaultImages.proxy),
  proxyInitImage: z.string().min(1).default(defaultImages.proxyInit),
  nativeSidecar: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .default("true")
    .transform((v) => v === "true"),
  injectConnectorAddress: hostPortSchema.default(defaultInjectionSettings().connectorAddress),
  maxBackoffMs: z.coerce
    .number()
    .int("must be a whole number of milliseconds from 100 to 300000")
    .min(100, "must be a whole number of milliseconds from 100 to 300000")
    .max(300_000, "must be a whole number of milliseconds from 100 to 300000")
    .optional(),
});
export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Flag → config field. Every flag takes a value. */
const flags: Record<string, keyof ConfigInput> = {
  "--control-plane": "controlPlane",
  "--ca-file": "caFile",
  "--join-token": "joinToken",
  "--join-token-file": "joinTokenFile",
  "--state-dir": "stateDir",
  "--discovery": "discovery",
  "--kubeconfig": "kubeconfig",
  "--listen": "listen",
  "--admin": "admin",
  "--xds": "xds",
  "--version": "version",
  "--log-level": "logLevel",
  "--max-backoff-ms": "maxBackoffMs",
  "--webhook-listen": "webhookListen",
  "--webhook-cert-file": "webhookCertFile",
  "--webhook-key-file": "webhookKeyFile",
  "--webhook-tls": "webhookTls",
  "--namespace": "namespace",
  "--sync-resources": "syncResources",
  "--proxy-image": "proxyImage",
  "--proxy-init-image": "proxyInitImage",
  "--native-sidecar": "nativeSidecar",
  "--inject-connector-address": "injectConnectorAddress",
};

/** Environment fallbacks, so secrets need not appear in `ps` output. */
const envNames: Partial<Record<keyof ConfigInput, string>> = {
  controlPlane: "TRELLIS_CONTROL_PLANE",
  joinToken: "TRELLIS_JOIN_TOKEN",
  joinTokenFile: "TRELLIS_JOIN_TOKEN_FILE",
  stateDir: "TRELLIS_STATE_DIR",
  discovery: "TRELLIS_DISCOVERY",
  listen: "TRELLIS_LISTEN",
  admin: "TRELLIS_ADMIN",
  xds: "TRELLIS_XDS",
  caFile: "TRELLIS_CA_FILE",
  kubeconfig: "KUBECONFIG",
  logLevel: "TRELLIS_LOG_LEVEL",
  webhookListen: "TRELLIS_WEBHOOK_LISTEN",
  webhookCertFile: "TRELLIS_WEBHOOK_CERT_FILE",
  webhookKeyFile: "TRELLIS_WEBHOOK_KEY_FILE",
  webhookTls: "TRELLIS_WEBHOOK_TLS",
  namespace: "POD_NAMESPACE",
  syncResources: "TRELLIS_SYNC_RESOURCES",
  proxyImage: "TRELLIS_PROXY_IMAGE",
  proxyInitImage: "TRELLIS_PROXY_INIT_IMAGE",
  nativeSidecar: "TRELLIS_NATIVE_SIDECAR",
  injectConnectorAddress: "TRELLIS_INJECT_CONNECTOR_ADDRESS",
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseConfig(argv: readonly string[], env: Record<string, string | undefined> = {}): Config {
  const input: Record<string, string> = {};
  for (const [field, name] of Object.entries(envNames)) {
    const value = env[name];
    if (value) input[field] = value;
  }
  const fromFlags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const field = flags[flag];
    if (!field) throw new ConfigError(`unknown flag ${flag} (known: ${Object.keys(flags).join(", ")})`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new ConfigError(`${flag} needs a value`);
    // --control-plane may be repeated: each one is another replica.
    input[field] = field === "controlPlane" && fromFlags.has(field) ? `${input[field]},${value}` : value;
    fromFlags.add(field);
    // A token given on the command line overrides one the environment names, either way.
    const other =
      field === "joinToken" ? "joinTokenFile" : field === "joinTokenFile" ? "joinToken" : undefined;
    if (other && !fromFlags.has(other)) delete input[other];
  }
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = String(issue.path[0] ?? "");
    const flag = Object.entries(flags).find(([, f]) => f === field)?.[0] ?? field;
    throw new ConfigError(`invalid ${flag}: ${issue.message}`);
  }
  if (result.data.joinToken && result.data.joinTokenFile) {
    throw new ConfigError("give the join token once: --join-token (TRELLIS_JOIN_TOKEN) or --join-token-file");
  }
  const { webhookListen, webhookCertFile, webhookKeyFile, webhookTls } = result.data;
  if (webhookListen && webhookTls === "files" && !(webhookCertFile && webhookKeyFile))
    throw new ConfigError(
      "--webhook-listen needs --webhook-cert-file and --webhook-key-file (the webhook serves HTTPS), or --webhook-tls mesh-ca",
    );
  if (webhookListen && webhookTls === "mesh-ca" && result.data.discovery.mode !== "kubernetes")
    throw new ConfigError(
      "--webhook-tls mesh-ca needs --discovery kubernetes (it patches the webhook's caBundle)",
    );
  // Reconnect backoff cap: operators may lower it (tests, a control plane on the same host).
  const cap = result.data.maxBackoffMs;
  if (cap === undefined) return result.data;
  return {
    ...result.data,
    tuning: {
      ...result.data.tuning,
      backoffCapMs: cap,
      backoffBaseMs: Math.min(result.data.tuning.backoffBaseMs, cap),
    },
  };
}
