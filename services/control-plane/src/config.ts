import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65535);
const roles = ["api", "tunnel", "worker"] as const;
/** A duration in milliseconds within [min, max]. */
const ms = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const configSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().default("127.0.0.1"),
  TUNNEL_PORT: port.default(8443),
  TUNNEL_HOST: z.string().default("127.0.0.1"),
  /** PEM files for the tunnel's TLS; without them the tunnel is plaintext and must bind loopback. */
  TUNNEL_TLS_CERT_FILE: z.string().optional(),
  TUNNEL_TLS_KEY_FILE: z.string().optional(),
  DATABASE_URL: z.string().url().optional(),
  TRELLIS_DATA_DIR: z.string().default(".trellis"),
  /** Base64 32-byte key-encryption key for CA private keys; default: a file in the data dir. */
  TRELLIS_KEK: z
    .string()
    .optional()
    .refine((v) => v === undefined || Buffer.from(v, "base64").length === 32, {
      message: "must be 32 random bytes in base64 (openssl rand -base64 32)",
    }),
  /** How the console and links address this replica, e.g. https://trellis.example.com. */
  PUBLIC_URL: z.string().url().optional(),
  TRELLIS_ROLES: z
    .string()
    .default(roles.join(","))
    .transform((v) => v.split(",").map((r) => r.trim()))
    .pipe(z.array(z.enum(roles)).min(1)),
  REPLICA_ID: z.string().optional(),
  /** The built web console served at `/` (services/web/dist by default; see api/console-assets.ts). */
  TRELLIS_WEB_DIR: z.string().default(fileURLToPath(new URL("../../web/dist", import.meta.url))),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 14),
  /** Refuse a tunnel that stays silent this long (application heartbeats). */
  TUNNEL_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  // Observability (README "Observability"): inventory lifecycle, flag thresholds, retention.
  /** How often the worker role runs its pass (stale/gone/prune, downsampling, flags, webhooks). */
  WORKER_INTERVAL_MS: ms(100, 3_600_000, 10_000),
  /** A proxy without a report this long is stale (flagged `stale_heartbeat`). */
  PROXY_STALE_AFTER_MS: ms(1000, 86_400_000, 30_000),
  /** A proxy without a report this long is gone (health `gone`). */
  PROXY_GONE_AFTER_MS: ms(1000, 7 * 86_400_000, 300_000),
  /** Gone proxies are deleted this long after they were last seen. */
  PROXY_RETENTION_MS: ms(1000, 90 * 86_400_000, 86_400_000),
  /** A proxy or cluster behind the mesh's config version this long is `config_out_of_sync`. */
  FLAG_SYNC_LAG_MS: ms(0, 86_400_000, 60_000),
  /** A workload certificate expiring within this is `cert_expiring` (certs live 24 h, renew at ~12 h). */
  FLAG_CERT_EXPIRY_MS: ms(0, 30 * 86_400_000, 6 * 3_600_000),
  /** A mesh CA issuer expiring within this is `ca_expiring`. */
  FLAG_CA_EXPIRY_MS: ms(0, 365 * 86_400_000, 30 * 86_400_000),
  /** Minute rollups are kept this long, hour rollups `METRICS_HOUR_RETENTION_MS`. */
  METRICS_MINUTE_RETENTION_MS: ms(3_600_000, 90 * 86_400_000, 86_400_000),
  METRICS_HOUR_RETENTION_MS: ms(86_400_000, 3650 * 86_400_000, 30 * 86_400_000),
  /** First webhook retry after this; each next one doubles, up to WEBHOOK_MAX_ATTEMPTS attempts. */
  WEBHOOK_RETRY_BASE_MS: ms(10, 3_600_000, 10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  WEBHOOK_TIMEOUT_MS: ms(100, 60_000, 10_000),
  // Certificates and CA (README "Certificates and CA").
  /** Per-cluster workload certificate issuance: sustained rate and burst (token bucket, per replica). */
  CA_ISSUE_RATE_PER_SECOND: z.coerce.number().positive().max(100_000).default(50),
  CA_ISSUE_BURST: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** How often the worker role advances CA rotations and prunes the certificate registry. */
  CA_WORKER_INTERVAL_MS: ms(100, 3_600_000, 2000),
  /** During a rotation, rotateCertificates is resent to lagging clusters this often. */
  CA_ROTATION_RESEND_MS: ms(1000, 86_400_000, 60_000),
  /** Registry rows are deleted this long after their certificate expired. */
  CERT_REGISTRY_RETENTION_MS: ms(0, 3650 * 86_400_000, 30 * 86_400_000),
  /** Allow webhook URLs that resolve to loopback/private addresses (tests, self-hosting). */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
});

export type Config = Omit<z.infer<typeof configSchema>, "TRELLIS_DATA_DIR"> & { TRELLIS_DATA_DIR: string };

export class ConfigError extends Error {}

/** Parses the environment once at start; fails with the name of each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const config = { ...result.data, TRELLIS_DATA_DIR: resolve(result.data.TRELLIS_DATA_DIR) };
  const tlsFiles = [config.TUNNEL_TLS_CERT_FILE, config.TUNNEL_TLS_KEY_FILE].filter(Boolean).length;
  if (tlsFiles === 1)
    throw new ConfigError(
      "invalid configuration:\n  TUNNEL_TLS_CERT_FILE and TUNNEL_TLS_KEY_FILE go together",
    );
  if (tlsFiles === 0 && !isLoopback(config.TUNNEL_HOST)) {
    throw new ConfigError(
      `invalid configuration:\n  TUNNEL_HOST: a plaintext tunnel may only bind loopback (got ${config.TUNNEL_HOST}); set TUNNEL_TLS_CERT_FILE and TUNNEL_TLS_KEY_FILE`,
    );
  }
  return config;
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

export function pgliteDir(config: Config): string {
  return join(config.TRELLIS_DATA_DIR, "pglite");
}
