import type { SchemaNode } from "./structural-schema.ts";

/** metav1.Condition, as Gateway API and every modern CRD carries it. */
const conditionSchema: SchemaNode = {
  type: "object",
  required: ["type", "status", "lastTransitionTime", "reason", "message"],
  properties: {
    type: { type: "string", maxLength: 316 },
    status: { type: "string", enum: ["True", "False", "Unknown"] },
    observedGeneration: { type: "integer", format: "int64", minimum: 0 },
    lastTransitionTime: { type: "string", format: "date-time" },
    reason: { type: "string", minLength: 1, maxLength: 1024 },
    message: { type: "string", maxLength: 32768 },
  },
};

const conditionsSchema: SchemaNode = {
  type: "array",
  maxItems: 8,
  items: conditionSchema,
  "x-kubernetes-list-type": "map",
  "x-kubernetes-list-map-keys": ["type"],
};

/** status of a trellis.dev resource: Accepted, ResolvedRefs, Programmed (written by the CRD sync). */
export const trellisStatusSchema: SchemaNode = {
  type: "object",
  properties: {
    observedGeneration: { type: "integer", format: "int64", minimum: 0 },
    conditions: conditionsSchema,
  },
};

/** Gateway API's RouteStatus: conditions per parent. */
export const routeStatusSchema: SchemaNode = {
  type: "object",
  properties: {
    parents: {
      type: "array",
      maxItems: 32,
      items: {
        type: "object",
        required: ["parentRef", "controllerName"],
        properties: {
          parentRef: {
            type: "object",
            required: ["name"],
            properties: {
              group: { type: "string", maxLength: 253 },
              kind: { type: "string", maxLength: 63 },
              namespace: { type: "string", maxLength: 63 },
              name: { type: "string", minLength: 1, maxLength: 253 },
              sectionName: { type: "string", maxLength: 253 },
              port: { type: "integer", format: "int32", minimum: 1, maximum: 65535 },
            },
          },
          controllerName: { type: "string", minLength: 1, maxLength: 253 },
          conditions: conditionsSchema,
        },
      },
    },
  },
};
