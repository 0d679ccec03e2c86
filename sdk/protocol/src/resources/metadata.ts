import { z } from "zod";
import { dnsLabelSchema, resourceNameSchema } from "../names.ts";

/** The apiVersion of Trellis' own documents. */
export const trellisApiVersion = "trellis.dev/v1";
export const gatewayApiGroup = "gateway.networking.k8s.io";

/** Gateway API versions accepted unchanged, per kind (those the upstream project served it in). */
export const gatewayApiVersions = {
  HTTPRoute: [`${gatewayApiGroup}/v1`, `${gatewayApiGroup}/v1beta1`, `${gatewayApiGroup}/v1alpha2`],
  GRPCRoute: [`${gatewayApiGroup}/v1`, `${gatewayApiGroup}/v1alpha2`],
} as const;

/** Gateway API kinds that configure ingress gateways, not a mesh: skipped by apply, with a message. */
export const nonMeshKinds = ["Gateway", "GatewayClass"] as const;

/** The namespace of a document that does not name one, as in Kubernetes. */
export const defaultNamespace = "default";

// Kubernetes label and annotation keys: an optional DNS-subdomain prefix, then a name.
const qualifiedName =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const keySchema = z
  .string()
  .max(316)
  .regex(qualifiedName, "must be a Kubernetes label key such as app.kubernetes.io/name");

export const labelsSchema = z.record(
  keySchema,
  z
    .string()
    .max(63)
    .regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, "must be a Kubernetes label value"),
);
export const annotationsSchema = z.record(keySchema, z.string().max(64 * 1024));

/**
 * A document's metadata. The last fields are written by servers (Trellis' own `get -o yaml`
 * or `kubectl get -o yaml`); apply ignores them, as kubectl does, so a read document
 * applies back unchanged. Anything else is an unknown field.
 */
export const resourceMetadataSchema = z.strictObject({
  name: resourceNameSchema,
  namespace: dnsLabelSchema.optional(),
  labels: labelsSchema.optional(),
  annotations: annotationsSchema.optional(),
  mesh: z.string().optional(),
  generation: z.number().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  creationTimestamp: z.unknown().optional(),
  managedFields: z.unknown().optional(),
});
