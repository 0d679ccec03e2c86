import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { billingConfigErrors } from "@trellis/core/billing";
import { coreConfigFields } from "@trellis/core/config";
import { z } from "zod";
import { isCidr } from "./api/client-address.ts";

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
  /**
   * Base64 32-byte key-encryption key sealing CA private keys and stored secrets (webhook
   * keys, idempotent replies). Required with DATABASE_URL or a non-loopback HOST/TUNNEL_HOST;
   * only the local default keeps one in the data dir.
   */
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
  /**
   * Comma-separated addresses/CIDRs of the load balancers in front of the API. Only a request
   * from one of them has its client read from X-Forwarded-For (login throttling, audit);
   * empty: the peer address is the client, and X-Forwarded-For is ignored.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every(isCidr), {
      message: "must be comma-separated IP addresses or CIDR blocks, e.g. 10.0.0.0/8,2001:db8::/32",
    }),
  /** The built web console served at `/` (services/web/dist by default; see api/console-assets.ts). */
  TRELLIS_WEB_DIR: z.string().default(fileURLToPath(new URL("../../web/dist", import.meta.url))),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /**
   * A client of the API or the tunnel must finish its TLS handshake and send its request head
   * (HTTP) or connection preface (HTTP/2) within this, or the connection is cut: a client that
   * stalls mid-handshake must not hold a socket for ever.
   */
  LISTENER_HANDSHAKE_TIMEOUT_MS: ms(100, 120_000, 10_000),
  /** Refuse a tunnel that stays silent this long (application heartbeats). */
  TUNNEL_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  // The worker role's timers (jobs/); thresholds, retention and CA issuance are the domain's
  // own settings (@trellis/core/config), parsed here with the rest.
  /** How often the worker role runs its pass (stale/gone/prune, downsampling, flags, webhooks). */
  WORKER_INTERVAL_MS: ms(100, 3_600_000, 10_000),
  /** How often the worker role advances CA rotations and prunes the certificate registry. */
  CA_WORKER_INTERVAL_MS: ms(100, 3_600_000, 2000),
  /** How often the worker role freezes closed usage hours and reports them to Stripe (billing on). */
  BILLING_INTERVAL_MS: ms(100, 3_600_000, 60_000),
  ...coreConfigFields,
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
  const billing = billingConfigErrors(config);
  if (billing.length > 0)
    throw new ConfigError(`invalid configuration:\n${billing.map((l) => `  ${l}`).join("\n")}`);
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
  if (!config.TRELLIS_KEK) {
    const beyondLoopback = [config.HOST, config.TUNNEL_HOST].find((h) => !isLoopback(h));
    const why = config.DATABASE_URL
      ? "DATABASE_URL is set"
      : beyondLoopback
        ? `a port binds ${beyondLoopback}`
        : null;
    // Only the local embedded default may keep the key beside the data it protects.
    if (why)
      throw new ConfigError(
        `invalid configuration:\n  TRELLIS_KEK: required because ${why}. The key that seals CA keys and stored secrets must come from your secret store, not the data folder, and replicas must share it: make one with \`openssl rand -base64 32\` (or keep the one an earlier start made: \`base64 -w0 ${kekFile(config)}\`).`,
      );
  }
  return config;
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

const kekFile = (config: Pick<Config, "TRELLIS_DATA_DIR">) => join(config.TRELLIS_DATA_DIR, "ca.kek");

export function pgliteDir(config: Config): string {
  return join(config.TRELLIS_DATA_DIR, "pglite");
}
