import { z } from "zod";
import { billingConfigFields } from "./billing/config.ts";

/** A duration in milliseconds within [min, max]. */
const ms = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * The settings the verbs read (sessions, inventory lifecycle, flag thresholds, retention,
 * webhooks, CA issuance), as zod fields named like their environment variables. The
 * deployable's config (services/control-plane/src/config.ts) parses them together with
 * its own ports and roles, once at start.
 */
export const coreConfigFields = {
  /** How long a console session lives. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 14),
  // Observability (README "Observability"): inventory lifecycle, flag thresholds, retention.
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
  /**
   * A cluster counts as connected while the replica holding its stream renews this lease (it
   * does every third of it, for streams that spoke within it); a replica that dies stops
   * renewing, so its clusters read as disconnected within this. The same on every replica.
   */
  TUNNEL_LEASE_MS: ms(1000, 300_000, 10_000),
  // Certificates and CA (README "Certificates and CA").
  /** Per-cluster workload certificate issuance: sustained rate and burst (token bucket, per replica). */
  CA_ISSUE_RATE_PER_SECOND: z.coerce.number().positive().max(100_000).default(50),
  CA_ISSUE_BURST: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** During a rotation, rotateCertificates is resent to lagging clusters this often. */
  CA_ROTATION_RESEND_MS: ms(1000, 86_400_000, 60_000),
  /** Registry rows are deleted this long after their certificate expired. */
  CERT_REGISTRY_RETENTION_MS: ms(0, 3650 * 86_400_000, 30 * 86_400_000),
  /** Allow webhook URLs that resolve to loopback/private addresses (tests, self-hosting). */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  // Billing (README "Billing"): without STRIPE_SECRET_KEY it is off and nothing is limited.
  ...billingConfigFields,
};

export const coreConfigSchema = z.object(coreConfigFields);
export type CoreConfig = z.infer<typeof coreConfigSchema>;
