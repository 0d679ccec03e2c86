import { z } from "zod";
import { durationMsOrNull, durationSchema } from "../duration.ts";

const hourMs = 3_600_000;

export const caBackendSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("builtin") }),
  z.strictObject({
    type: z.literal("aws-acm-pca"),
    caArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[A-Za-z0-9-]+$/,
        "must be an ACM PCA certificate-authority ARN",
      ),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1"),
    /** Override for the ACM PCA endpoint (VPC endpoint, or a local test server). */
    endpoint: z.string().url().optional(),
    /** `intermediate` (recommended): ACM PCA issues the mesh issuer and leaves are signed locally. */
    mode: z.enum(["intermediate", "leaf"]).default("intermediate"),
  }),
  z.strictObject({ type: z.literal("external") }),
]);
export type CaBackend = z.infer<typeof caBackendSchema>;

export const meshSettingsSpecSchema = z.strictObject({
  mtls: z
    .strictObject({ mode: z.enum(["strict", "permissive"]).default("strict") })
    .default({ mode: "strict" }),
  certificates: z
    .strictObject({
      ttl: durationSchema.default("24h").refine(
        (d) => {
          const ms = durationMsOrNull(d);
          // A malformed value is already reported by durationSchema.
          return ms === null || (ms >= hourMs && ms <= 7 * 24 * hourMs);
        },
        { message: "certificate lifetime must be between 1h and 168h (7 days)" },
      ),
    })
    .default({ ttl: "24h" }),
  ca: caBackendSchema.default({ type: "builtin" }),
  egress: z.strictObject({ mode: z.enum(["allow", "deny"]).default("allow") }).default({ mode: "allow" }),
  /** What happens to a request no AuthorizationPolicy speaks for. */
  defaultPolicy: z.enum(["allow", "deny"]).default("allow"),
});
export type MeshSettingsSpec = z.infer<typeof meshSettingsSpecSchema>;

export const defaultMeshSettings: MeshSettingsSpec = meshSettingsSpecSchema.parse({});
