import { z } from "zod";

/**
 * The proxy's configuration: flags first, then `TRELLIS_PROXY_<FLAG>` environment
 * variables (e.g. `--service-account` ↔ `TRELLIS_PROXY_SERVICE_ACCOUNT`). Parsing
 * never opens a socket; `bind()` and `build()` do that.
 */
const hostPortSchema = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}$/, "must be host:port")
  .transform((v) => {
    const i = v.lastIndexOf(":");
    return { host: v.slice(0, i).replace(/^\[|\]$/g, ""), port: Number(v.slice(i + 1)) };
  })
  .refine((v) => v.port <= 65535, "port must be at most 65535");
export type HostPort = { host: string; port: number };

const positiveMs = z.coerce.number().int().min(1);

const fieldsSchema = z.object({
  connector: hostPortSchema,
  namespace: z.string().min(1).default("default"),
  serviceAccount: z.string().min(1).optional(),
  /** A full SPIFFE id; overrides namespace + service account. */
  identity: z.string().startsWith("spiffe://").optional(),
  service: z.string().min(1),
  workload: z.string().min(1).optional(),
  /** Stable proxy id (`prx_…`); made once and kept in the state dir when absent. */
  proxyId: z.string().min(1).optional(),
  inbound: hostPortSchema.optional(),
  app: hostPortSchema.optional(),
  /** Protocol the local app speaks; defaults to the service's port protocol in the snapshot. */
  appProtocol: z.enum(["http", "http2", "grpc", "tcp"]).optional(),
  outbound: hostPortSchema.optional(),
  admin: hostPortSchema.default({ host: "127.0.0.1", port: 4191 }),
  stateDir: z.string().min(1).default(".trellis-proxy"),
  drainTimeoutMs: positiveMs.default(10_000),
  reportIntervalMs: positiveMs.default(5_000),
  /** Renew the certificate once this share of its lifetime has passed. */
  renewAtFraction: z.coerce.number().gt(0).lt(1).default(0.5),
  loadBalancerDefaultRttMs: positiveMs.default(30),
  /** TCP connect plus TLS handshake to a peer proxy (or the app, or an egress host). */
  connectTimeoutMs: positiveMs.default(2_000),
  /** A connection to our listeners must finish its TLS handshake and send its first request head within this. */
  handshakeTimeoutMs: positiveMs.default(10_000),
  logLevel: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /**
   * `auto`: pipe inbound connections after the identity check when the snapshot says no
   * L7 policy applies to the local service; `off` (default): always parse HTTP. Opt-in
   * because a piped connection cannot carry `x-trellis-client-identity` to the app.
   */
  l4PassThrough: z.enum(["auto", "off"]).default("off"),
  /**
   * `iptables`: the pod's iptables rules (trellis-proxy-init) redirect the app's outbound
   * connections to --outbound, so each one's original destination is read (SO_ORIGINAL_DST).
   * `none` (default): the app addresses the proxy itself; no socket option is read.
   */
  capture: z.enum(["iptables", "none"]).default("none"),
  /** Processes serving the traffic listeners; unset = the pod's CPU quota (workers/cpu-quota.ts). */
  workers: z.coerce.number().int().min(1).max(256).optional(),
});

export const proxyConfigSchema = fieldsSchema
  .refine((c) => c.serviceAccount !== undefined || c.identity !== undefined, {
    message: "one of --service-account or --identity is required",
    path: ["serviceAccount"],
  })
  .refine((c) => (c.inbound === undefined) === (c.app === undefined), {
    message: "--inbound and --app go together",
    path: ["app"],
  })
  .refine((c) => c.inbound !== undefined || c.outbound !== undefined, {
    message: "at least one of --inbound or --outbound is required",
    path: ["outbound"],
  });

export type ProxyConfig = z.output<typeof proxyConfigSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

const flagNames = Object.keys(fieldsSchema.shape);

/** Parses argv (without node and script) and env; throws ConfigError naming the field. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ProxyConfig {
  const raw: Record<string, string> = {};
  for (const name of flagNames) {
    const v = env[`TRELLIS_PROXY_${snake(name)}`];
    if (v !== undefined && v !== "") raw[name] = v;
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new ConfigError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf("=");
    const flag = arg.slice(2, eq < 0 ? undefined : eq);
    const name = camel(flag);
    if (!flagNames.includes(name)) throw new ConfigError(`unknown flag --${flag}`);
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new ConfigError(`--${flag} needs a value`);
    raw[name] = value;
  }
  const parsed = proxyConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? `--${kebab(String(issue.path[0]))}` : "config";
    throw new ConfigError(`${field}: ${issue.message}`);
  }
  return parsed.data;
}

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
function snake(name: string): string {
  return kebab(name).replace(/-/g, "_").toUpperCase();
}
