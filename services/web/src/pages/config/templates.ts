import type { ResourceKind } from "@trellis/protocol/resources";

/** A starting document per kind for "New resource"; the inline validation says what is missing. */
export function templateFor(kind: ResourceKind): string {
  const head = (name: string) =>
    `apiVersion: trellis.dev/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n`;
  switch (kind) {
    case "HTTPRoute":
      return `${head("web-canary")}  parentRefs:\n    - name: web\n  rules:\n    - backendRefs:\n        - name: web\n          weight: 90\n        - name: web-v2\n          weight: 10\n`;
    case "GRPCRoute":
      return `${head("api-grpc")}  parentRefs:\n    - name: api\n  rules:\n    - backendRefs:\n        - name: api\n`;
    case "RetryPolicy":
      return `${head("web-retries")}  targetRef:\n    kind: Service\n    name: web\n  retryOn: ["5xx", "connect-failure"]\n  attempts: 2\n`;
    case "MeshSettings":
      return `${head("default")}  mtls: strict\n`;
    default:
      return `${head(`my-${kind.toLowerCase()}`)}  targetRef:\n    kind: Service\n    name: web\n`;
  }
}
