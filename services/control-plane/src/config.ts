import { join, resolve } from "node:path";
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65535);
const roles = ["api", "tunnel", "worker"] as const;

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
  TRELLIS_KEK: z.string().optional(),
  /** How the console and links address this replica, e.g. https://trellis.example.com. */
  PUBLIC_URL: z.string().url().optional(),
  TRELLIS_ROLES: z
    .string()
    .default(roles.join(","))
    .transform((v) => v.split(",").map((r) => r.trim()))
    .pipe(z.array(z.enum(roles)).min(1)),
  REPLICA_ID: z.string().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 14),
  /** Refuse a tunnel that stays silent this long (application heartbeats). */
  TUNNEL_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
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
