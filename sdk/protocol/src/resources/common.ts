import { z } from "zod";
import { dnsLabelSchema, portSchema } from "../names.ts";

/** A mesh service, the way GAMMA names one: a Service in a namespace. */
export const serviceRefSchema = z.object({
  kind: z.literal("Service").default("Service"),
  name: dnsLabelSchema,
  namespace: dnsLabelSchema.default("default"),
  port: portSchema.optional(),
});
export type ServiceRef = z.infer<typeof serviceRefSchema>;

/** What a policy applies to: a service, or one route of the mesh. */
export const policyTargetRefSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("Service"),
    name: dnsLabelSchema,
    namespace: dnsLabelSchema.default("default"),
  }),
  z.object({ kind: z.literal("HTTPRoute"), name: dnsLabelSchema }),
  z.object({ kind: z.literal("GRPCRoute"), name: dnsLabelSchema }),
]);
export type PolicyTargetRef = z.infer<typeof policyTargetRefSchema>;

export const serviceTargetRefSchema = z.object({
  kind: z.literal("Service"),
  name: dnsLabelSchema,
  namespace: dnsLabelSchema.default("default"),
});

const headerNameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/, "must be a valid HTTP header name");

export const headerValueSchema = z.object({ name: headerNameSchema, value: z.string().max(4096) });

export const headerMatchSchema = z.object({
  type: z.enum(["Exact", "RegularExpression"]).default("Exact"),
  name: headerNameSchema,
  value: z.string().max(4096),
});

export const headerModifierSchema = z.object({
  set: z.array(headerValueSchema).max(16).optional(),
  add: z.array(headerValueSchema).max(16).optional(),
  remove: z.array(headerNameSchema).max(16).optional(),
});

export const weightedBackendRefSchema = serviceRefSchema.extend({
  weight: z.number().int().min(0).max(1_000_000).default(1),
});

export const mirrorSchema = z.object({
  backendRef: serviceRefSchema,
  /** Share of requests copied to the mirror, 0–100. */
  percent: z.number().min(0).max(100).default(100),
});

export { headerNameSchema };
