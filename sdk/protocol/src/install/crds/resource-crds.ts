import { grpcRouteSpecSchema } from "../../resources/grpc-route.ts";
import { httpRouteSpecSchema } from "../../resources/http-route.ts";
import {
  meshSettingsName,
  type ResourceKind,
  resourceKinds,
  resourceSpecSchemas,
} from "../../resources/kinds.ts";
import { type KubeObject, partOfLabels } from "../kubernetes/kube-object.ts";
import { routeStatusSchema, trellisStatusSchema } from "./status-schemas.ts";
import { structuralProblems } from "./structural-check.ts";
import { type SchemaNode, structuralSchemaOf } from "./structural-schema.ts";

export const trellisGroup = "trellis.dev";
export const gatewayGroup = "gateway.networking.k8s.io";

/** `RetryPolicy` → `retrypolicies`; MeshSettings is already plural. */
export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith("settings")) return lower;
  if (lower.endsWith("y")) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

function singularOf(kind: string): string {
  const lower = kind.toLowerCase();
  return lower.endsWith("settings") ? lower.slice(0, -1) : lower;
}

interface CrdInput {
  group: string;
  kind: string;
  scope: "Namespaced" | "Cluster";
  spec: SchemaNode;
  status: SchemaNode;
  metadata?: SchemaNode;
  categories: string[];
  description: string;
  printerColumns: unknown[];
}

/** A CRD whose schema is checked here, so an unstructural schema fails at render, not at apply. */
function crd(input: CrdInput): KubeObject {
  const plural = pluralOf(input.kind);
  const openAPIV3Schema: SchemaNode = {
    type: "object",
    description: input.description,
    required: ["spec"],
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: input.metadata ?? { type: "object" },
      spec: input.spec,
      status: input.status,
    },
  };
  const problems = structuralProblems(openAPIV3Schema);
  if (problems.length > 0)
    throw new Error(`the ${input.kind} CRD schema is not structural:\n  ${problems.join("\n  ")}`);
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: {
      name: `${plural}.${input.group}`,
      labels: { ...partOfLabels },
      // Uninstalling the chart must not delete every route and policy of the cluster.
      annotations: { "helm.sh/resource-policy": "keep" },
    },
    spec: {
      group: input.group,
      names: {
        kind: input.kind,
        listKind: `${input.kind}List`,
        plural,
        singular: singularOf(input.kind),
        categories: input.categories,
      },
      scope: input.scope,
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            ...input.printerColumns,
            { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
          ],
          schema: { openAPIV3Schema },
        },
      ],
    },
  };
}

/**
 * The CRD of a Trellis resource kind (trellis.dev/v1), its spec schema generated from the
 * kind's zod schema each time it is rendered. Namespaced, except MeshSettings: one per
 * mesh, so cluster-scoped and always named "default".
 */
export function resourceCrd(kind: ResourceKind): KubeObject {
  const cluster = kind === "MeshSettings";
  return crd({
    group: trellisGroup,
    kind,
    scope: cluster ? "Cluster" : "Namespaced",
    spec: structuralSchemaOf(resourceSpecSchemas[kind]),
    status: trellisStatusSchema,
    ...(cluster
      ? { metadata: { type: "object", properties: { name: { type: "string", enum: [meshSettingsName] } } } }
      : {}),
    categories: ["trellis"],
    description: `A Trellis ${kind} (DESIGN §4); the connector syncs it to the mesh.`,
    printerColumns: [
      {
        name: "Accepted",
        type: "string",
        jsonPath: '.status.conditions[?(@.type=="Accepted")].status',
      },
    ],
  });
}

export function resourceCrds(): KubeObject[] {
  return resourceKinds.map(resourceCrd);
}

/**
 * HTTPRoute and GRPCRoute of gateway.networking.k8s.io/v1, for clusters without the
 * Gateway API CRDs. Their spec is the part of Gateway API that Trellis implements (the
 * route schemas of @trellis/protocol): a cluster that also runs a Gateway controller
 * should install the upstream CRDs instead.
 */
export function gatewayApiRouteCrds(): KubeObject[] {
  return [
    ["HTTPRoute", httpRouteSpecSchema],
    ["GRPCRoute", grpcRouteSpecSchema],
  ].map(([kind, schema]) =>
    crd({
      group: gatewayGroup,
      kind: kind as string,
      scope: "Namespaced",
      spec: structuralSchemaOf(schema as typeof httpRouteSpecSchema),
      status: routeStatusSchema,
      categories: ["gateway-api"],
      description: `Gateway API ${kind as string} (the subset Trellis implements), installed by Trellis.`,
      printerColumns: [],
    }),
  );
}
