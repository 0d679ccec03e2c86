import { z } from "zod";
import { dnsLabelSchema } from "../names.ts";
import { oneOfTargetRefs, serviceTargetRefSchema } from "./common.ts";
import { httpMethods, httpPathMatchSchema } from "./http-route.ts";

const spiffeIdPattern = /^spiffe:\/\/[a-z0-9.-]+(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+$/;

export const authorizationSourceSchema = z.strictObject({
  /** Exact SPIFFE ids; a trailing `/*` allows every id under that path. */
  identities: z
    .array(z.string().regex(/^spiffe:\/\/.+/, "must be a SPIFFE id (spiffe://trust-domain/path)"))
    .max(64)
    .optional(),
  /** Every workload in these namespaces (of this mesh). */
  namespaces: z.array(dnsLabelSchema).max(64).optional(),
  /** Every workload of these meshes, by mesh name. */
  meshes: z.array(dnsLabelSchema).max(16).optional(),
  /** Allow callers without a verified identity (plaintext in permissive mode). */
  unauthenticated: z.boolean().optional(),
});

export const authorizationDestinationSchema = z.strictObject({
  paths: z.array(httpPathMatchSchema).max(32).optional(),
  methods: z.array(z.enum(httpMethods)).max(httpMethods.length).optional(),
  /** Names of HTTPRoute/GRPCRoute rules or routes this applies to. */
  routes: z.array(dnsLabelSchema).max(32).optional(),
});

export const jwtRequirementSchema = z
  .strictObject({
    issuer: z.string().min(1),
    audiences: z.array(z.string().min(1)).min(1).max(16),
    /** Inline JWKS document (`{"keys": [...]}`) used to verify signatures. */
    jwks: z.strictObject({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }).optional(),
    /** A JWKS URL the proxy fetches (and caches) instead of an inline document. */
    jwksUri: z.string().url().optional(),
    /** Every listed claim must hold one of its values. */
    claims: z
      .array(z.strictObject({ name: z.string().min(1), values: z.array(z.string()).min(1) }))
      .max(16)
      .optional(),
  })
  .refine((j) => (j.jwks === undefined) !== (j.jwksUri === undefined), {
    message: "give exactly one of jwks or jwksUri",
    path: ["jwks"],
  });

export const authorizationRuleSchema = z.strictObject({
  from: z.array(authorizationSourceSchema).min(1).max(16),
  to: z.array(authorizationDestinationSchema).max(16).optional(),
});

export const authorizationPolicySpecSchema = z
  .strictObject({
    targetRef: serviceTargetRefSchema.optional(),
    /** GEP-713: several targets at once. */
    targetRefs: z.array(serviceTargetRefSchema).min(1).max(16).optional(),
    /** DENY policies are evaluated first; a request matching any is refused. */
    action: z.enum(["ALLOW", "DENY"]).default("ALLOW"),
    rules: z.array(authorizationRuleSchema).min(1).max(64),
    jwt: jwtRequirementSchema.optional(),
  })
  .superRefine(oneOfTargetRefs);
export type AuthorizationPolicySpec = z.infer<typeof authorizationPolicySpecSchema>;

export { spiffeIdPattern };
