import { z } from "zod";
import type { FieldError } from "../errors.ts";
import { fieldErrorsFromZod } from "./field-errors.ts";
import { isResourceKind, type ResourceKind, resourceKinds } from "./kinds.ts";
import {
  defaultNamespace,
  gatewayApiGroup,
  gatewayApiVersions,
  nonMeshKinds,
  resourceMetadataSchema,
  trellisApiVersion,
} from "./metadata.ts";
import { withDocumentNamespace } from "./namespaces.ts";
import { meshParentRefs } from "./parent-refs.ts";
import { suggestion } from "./suggest.ts";
import { validateResourceSpec } from "./validate.ts";

/** A document as users write it for `trellis apply`: Trellis' own or Gateway API's. */
export const resourceDocumentSchema = z.strictObject({
  apiVersion: z.string().default(trellisApiVersion),
  kind: z.string().min(1),
  metadata: resourceMetadataSchema,
  spec: z.record(z.string(), z.unknown()),
  /** Written by servers (`get -o yaml`, `kubectl get`); ignored on apply. */
  status: z.unknown().optional(),
});
export type ResourceDocument = z.input<typeof resourceDocumentSchema>;

/** A mesh resource read from a document: identity, metadata and the validated spec with its defaults. */
export interface MeshDocument {
  apiVersion: string;
  kind: ResourceKind;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: Record<string, unknown>;
}

export type DocumentReading =
  | { outcome: "resource"; resource: MeshDocument; warnings: string[] }
  | { outcome: "skipped"; message: string }
  | { outcome: "invalid"; errors: FieldError[] };

const routeKinds: readonly string[] = Object.keys(gatewayApiVersions);
const isGatewayGroup = (apiVersion: string) =>
  apiVersion.startsWith(`${gatewayApiGroup}/`) || apiVersion.startsWith("gateway.networking.x-k8s.io/");

/**
 * Reads one document the way the API stores it: Trellis' own (`trellis.dev/v1`) or a
 * Gateway API HTTPRoute/GRPCRoute unchanged. Resolves the document's namespace (default
 * `default`) into every reference that does not name one, validates the spec strictly,
 * and tells apart what is not for a mesh (a Gateway, a GatewayClass, a route attached only
 * to Gateways: `skipped`; a Gateway parent beside Service parents: a warning).
 */
export function readResourceDocument(raw: unknown): DocumentReading {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    return invalid("", "a document is a mapping with apiVersion, kind, metadata and spec");
  const head = raw as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
  };
  const apiVersion = typeof head.apiVersion === "string" ? head.apiVersion : trellisApiVersion;
  const kind = typeof head.kind === "string" ? head.kind : "";
  if (isGatewayGroup(apiVersion) && (nonMeshKinds as readonly string[]).includes(kind))
    return {
      outcome: "skipped",
      message: `${kind} ${describeName(head.metadata)}: a ${kind} configures ingress gateways, not a mesh`,
    };
  const kindError = checkKind(apiVersion, kind);
  if (kindError) return { outcome: "invalid", errors: [kindError] };
  const envelope = resourceDocumentSchema.safeParse(raw);
  if (!envelope.success)
    return {
      outcome: "invalid",
      errors: fieldErrorsFromZod(envelope.error, "", { schema: resourceDocumentSchema, input: raw }),
    };
  const { metadata, spec } = envelope.data;
  const resourceKind = kind as ResourceKind;
  const namespace = metadata.namespace ?? defaultNamespace;
  if (resourceKind === "MeshSettings" && namespace !== defaultNamespace)
    return invalid("/metadata/namespace", "MeshSettings is mesh-wide: leave namespace out");
  const parents = meshParentRefs(resourceKind, spec, isGatewayGroup(apiVersion));
  if (parents.onlyGateways)
    return {
      outcome: "skipped",
      message: `${kind} ${describeName(metadata)}: its parentRefs name only Gateways (${parents.skipped.join(", ")}), so it configures an ingress gateway, not the mesh`,
    };
  const validated = validateResourceSpec(
    resourceKind,
    metadata.name,
    withDocumentNamespace(parents.spec, namespace),
  );
  if (!validated.ok) return { outcome: "invalid", errors: validated.errors.map(parents.restorePointer) };
  return {
    outcome: "resource",
    resource: {
      apiVersion,
      kind: resourceKind,
      namespace,
      name: metadata.name,
      labels: metadata.labels ?? {},
      annotations: metadata.annotations ?? {},
      spec: validated.spec as Record<string, unknown>,
    },
    warnings: parents.skipped.map(
      (p) => `${p} is not for a mesh: skipped (the route applies to its Service parents)`,
    ),
  };
}

function checkKind(apiVersion: string, kind: string): FieldError | undefined {
  if (!isResourceKind(kind)) {
    if (isGatewayGroup(apiVersion) && kind)
      return {
        pointer: "/kind",
        detail: `${kind} is not supported: Trellis takes ${routeKinds.join(" and ")} from Gateway API`,
      };
    return {
      pointer: "/kind",
      detail: `unknown kind "${kind}"${suggestion(kind, [...resourceKinds])}; kinds: ${resourceKinds.join(", ")}`,
    };
  }
  const allowed: readonly string[] = [
    trellisApiVersion,
    ...(gatewayApiVersions[kind as keyof typeof gatewayApiVersions] ?? []),
  ];
  if (allowed.includes(apiVersion)) return undefined;
  return {
    pointer: "/apiVersion",
    detail: `${kind} takes apiVersion ${allowed.join(" or ")}, not "${apiVersion}"${suggestion(apiVersion, allowed)}`,
  };
}

function describeName(metadata: { name?: unknown; namespace?: unknown } | undefined): string {
  const name = typeof metadata?.name === "string" ? metadata.name : "(unnamed)";
  const ns = typeof metadata?.namespace === "string" ? metadata.namespace : defaultNamespace;
  return `${ns}/${name}`;
}

const invalid = (pointer: string, detail: string): DocumentReading => ({
  outcome: "invalid",
  errors: [{ pointer, detail }],
});
