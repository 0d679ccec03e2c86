import { z } from "zod";
import { msSchema, serviceIdSchema, sourceRefSchema, stateKeySchema } from "./shared.ts";

/**
 * Who a rule admits. The compiler resolves namespaces, `/*` ids and meshes into SPIFFE
 * prefixes of this mesh's trust domain, so evaluation is exact/prefix matching only.
 */
export const principalsV2Schema = z.object({
  exact: z.array(z.string().startsWith("spiffe://")).default([]),
  prefixes: z.array(z.string().startsWith("spiffe://")).default([]),
  /** Callers without a verified identity (plaintext in permissive mode). */
  unauthenticated: z.boolean().default(false),
});

export const authzRuleV2Schema = z.object({
  from: principalsV2Schema,
  /** Empty: every request of the service. Otherwise any entry must match. */
  to: z
    .array(
      z.object({
        paths: z
          .array(z.object({ type: z.enum(["Exact", "PathPrefix", "RegularExpression"]), value: z.string() }))
          .default([]),
        methods: z.array(z.string()).default([]),
        /** Route labels (`<route>` or `<route>/<rule>`) as the client side stamps them. */
        routes: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});

export const jwtV2Schema = z.object({
  issuer: z.string().min(1),
  audiences: z.array(z.string().min(1)).min(1),
  jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).optional(),
  jwksUri: z.string().optional(),
  claims: z.array(z.object({ name: z.string(), values: z.array(z.string()) })).default([]),
});

export const authzPolicyV2Schema = z.object({
  source: sourceRefSchema,
  action: z.enum(["ALLOW", "DENY"]),
  rules: z.array(authzRuleV2Schema).min(1),
  jwt: jwtV2Schema.optional(),
});
export type AuthzPolicyV2 = z.infer<typeof authzPolicyV2Schema>;

export const rateLimitV2Schema = z.object({
  source: sourceRefSchema,
  stateKey: stateKeySchema,
  /** Only requests of this route label; absent = the whole service. */
  route: z.string().optional(),
  requests: z.number().int().min(1),
  perMs: msSchema.refine((v) => v > 0, "must be > 0"),
  burst: z.number().int().min(1),
  perClientIdentity: z.boolean(),
});
export type RateLimitV2 = z.infer<typeof rateLimitV2Schema>;

/**
 * What the inbound side of a service's proxies enforces. DENY policies first, then ALLOW
 * policies; when no ALLOW policy exists `defaultAction` decides. `l4PassThrough` is true
 * when nothing here needs HTTP (no path/method/route rules, no JWT, no rate limit): the
 * proxy terminates mTLS, checks the peer identity and pipes bytes.
 */
export const inboundV2Schema = z.object({
  service: serviceIdSchema,
  defaultAction: z.enum(["allow", "deny"]),
  policies: z.array(authzPolicyV2Schema).default([]),
  rateLimits: z.array(rateLimitV2Schema).default([]),
  l4PassThrough: z.boolean(),
});
export type InboundV2 = z.infer<typeof inboundV2Schema>;
