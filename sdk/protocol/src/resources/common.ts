import { z } from "zod";
import { dnsLabelSchema, portSchema } from "../names.ts";

// Every object here is strict: an unknown field is an error naming its pointer, never
// silently dropped (a typo `matchs:` must not turn a route into match-everything).

/**
 * The API group of a core Service: Gateway API writes it `""`; `core` is accepted too.
 * Absent means the same in a reference whose kind is Service.
 */
export const coreGroupSchema = z.enum(["", "core"]);

/** A mesh service, the way GAMMA names one: a Service in a namespace. */
export const serviceRefSchema = z.strictObject({
  group: coreGroupSchema.optional(),
  kind: z.literal("Service").default("Service"),
  name: dnsLabelSchema,
  /** Defaults to the namespace of the document that holds the reference. */
  namespace: dnsLabelSchema.default("default"),
  port: portSchema.optional(),
});
export type ServiceRef = z.infer<typeof serviceRefSchema>;

/**
 * A route's parent (GAMMA: the Service whose traffic it governs). `port` narrows it to
 * one service port; `sectionName` names a port by name.
 */
export const parentRefSchema = serviceRefSchema.extend({
  sectionName: dnsLabelSchema.optional(),
});
export type ParentRef = z.infer<typeof parentRefSchema>;

const routeGroupSchema = z.literal("gateway.networking.k8s.io");

/** What a policy applies to: a service, or one route of the mesh (GEP-713, local to its namespace). */
export const policyTargetRefSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    group: coreGroupSchema.optional(),
    kind: z.literal("Service"),
    name: dnsLabelSchema,
    namespace: dnsLabelSchema.default("default"),
  }),
  z.strictObject({ group: routeGroupSchema.optional(), kind: z.literal("HTTPRoute"), name: dnsLabelSchema }),
  z.strictObject({ group: routeGroupSchema.optional(), kind: z.literal("GRPCRoute"), name: dnsLabelSchema }),
]);
export type PolicyTargetRef = z.infer<typeof policyTargetRefSchema>;

export const serviceTargetRefSchema = z.strictObject({
  group: coreGroupSchema.optional(),
  kind: z.literal("Service"),
  name: dnsLabelSchema,
  namespace: dnsLabelSchema.default("default"),
});
export type ServiceTargetRef = z.infer<typeof serviceTargetRefSchema>;

/**
 * GEP-713: a policy names what it applies to with `targetRef` (one target) or `targetRefs`
 * (several). Exactly one of the two: both would leave it unclear which one a reader meant.
 * Use as `.superRefine(oneOfTargetRefs)` on a policy spec schema.
 */
export function oneOfTargetRefs(
  s: { targetRef?: unknown; targetRefs?: unknown },
  ctx: z.RefinementCtx,
): void {
  if (s.targetRef === undefined && s.targetRefs === undefined)
    ctx.addIssue({
      code: "custom",
      message: "give targetRef (one target) or targetRefs (several)",
      path: ["targetRef"],
    });
  else if (s.targetRef !== undefined && s.targetRefs !== undefined)
    ctx.addIssue({ code: "custom", message: "give targetRef or targetRefs, not both", path: ["targetRefs"] });
}

/** Every target of a policy: its `targetRefs`, or its one `targetRef`. */
export function policyTargets<T>(spec: { targetRef?: T | undefined; targetRefs?: T[] | undefined }): T[] {
  return spec.targetRefs ?? (spec.targetRef === undefined ? [] : [spec.targetRef]);
}

const headerNameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/, "must be a valid HTTP header name");

export const headerValueSchema = z.strictObject({ name: headerNameSchema, value: z.string().max(4096) });

export const headerMatchSchema = z.strictObject({
  type: z.enum(["Exact", "RegularExpression"]).default("Exact"),
  name: headerNameSchema,
  value: z.string().max(4096),
});

export const headerModifierSchema = z.strictObject({
  set: z.array(headerValueSchema).max(16).optional(),
  add: z.array(headerValueSchema).max(16).optional(),
  remove: z.array(headerNameSchema).max(16).optional(),
});

export const mirrorSchema = z
  .strictObject({
    backendRef: serviceRefSchema,
    /** Share of requests copied to the mirror, 0–100 (100 when neither this nor `fraction` is given). */
    percent: z.number().min(0).max(100).default(100),
    /** The share as a fraction, e.g. 5/1000 (Gateway API `fraction`). */
    fraction: z
      .strictObject({
        numerator: z.number().int().min(0),
        denominator: z.number().int().min(1).default(100),
      })
      .refine((f) => f.numerator <= f.denominator, {
        message: "numerator must not exceed denominator",
        path: ["numerator"],
      })
      .optional(),
  })
  .refine((m) => m.fraction === undefined || m.percent === 100, {
    message: "give percent or fraction, not both",
    path: ["fraction"],
  });

export { headerNameSchema };
