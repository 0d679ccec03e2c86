import type { Operation } from "./operations.ts";
import type { SeededRandom } from "./seeded-random.ts";

/** Objects the fuzzed paths point at, made before the run so requests reach the handlers. */
export interface Fixtures {
  mesh: string;
  cluster: string;
  tokenId: string;
  memberId: string;
  webhookId: string;
}

/** A valid spec of every resource kind: mutations start from input the API accepts. */
export const resourceSpecs: Record<string, Record<string, unknown>> = {
  HTTPRoute: {
    parentRefs: [{ name: "catalog" }],
    rules: [
      {
        matches: [{ path: { type: "PathPrefix", value: "/api" } }],
        backendRefs: [
          { name: "catalog-v1", weight: 90 },
          { name: "catalog-v2", weight: 10 },
        ],
        timeouts: { request: "10s", backendRequest: "2s" },
      },
    ],
  },
  GRPCRoute: {
    parentRefs: [{ name: "inventory" }],
    rules: [{ matches: [{ method: { service: "shop.Inventory" } }], backendRefs: [{ name: "inventory" }] }],
  },
  RetryPolicy: {
    targetRef: { kind: "Service", name: "catalog" },
    attempts: 3,
    perTryTimeout: "500ms",
    backoff: { baseInterval: "25ms", maxInterval: "250ms" },
    budget: { percent: 20, minRetriesPerSecond: 10, ttl: "10s" },
  },
  CircuitBreaker: {
    targetRef: { kind: "Service", name: "catalog" },
    outlierDetection: { consecutiveFailures: 5, baseEjectionTime: "30s", maxEjectionTime: "5m" },
  },
  AuthorizationPolicy: {
    targetRef: { kind: "Service", name: "catalog" },
    rules: [{ from: [{ namespaces: ["default"] }], to: [{ methods: ["GET"] }] }],
  },
  RateLimit: { targetRef: { kind: "Service", name: "catalog" }, requests: 100, per: "1s" },
  FaultInjection: {
    targetRef: { kind: "Service", name: "catalog" },
    delay: { fixedDelay: "100ms", percent: 1 },
  },
  MeshSettings: { mtls: { mode: "strict" }, certificates: { ttl: "24h" }, defaultPolicy: "allow" },
};

/** Values for the path parameters of `op` that name existing objects. */
export function pathValues(op: Operation, f: Fixtures, rng: SeededRandom): Record<string, string> {
  const kind = rng.pick(Object.keys(resourceSpecs));
  return {
    mesh: f.mesh,
    cluster: f.cluster,
    kind,
    name: kind === "MeshSettings" ? "default" : "fuzzed",
    id: op.path.startsWith("/v1/tokens")
      ? f.tokenId
      : op.path.startsWith("/v1/members")
        ? f.memberId
        : f.webhookId,
  };
}

const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

/** A request body the API would accept for `op` (null when it takes none). */
export function baselineBody(op: Operation, values: Record<string, string>): unknown {
  if (!op.bodySchema) return null;
  const key = `${op.method} ${op.path}`;
  switch (key) {
    case "POST /v1/auth/signup":
      return { email: "fuzz@example.com", password: "correct horse battery", orgName: "Fuzz" };
    case "POST /v1/auth/login":
      return { email: "fuzz@example.com", password: "wrong password" };
    case "POST /v1/tokens":
      return { name: "fuzz", role: "viewer", expiresInDays: 1 };
    case "POST /v1/members":
      return { email: "member@example.com", role: "viewer" };
    case "PATCH /v1/members/{id}":
      return { role: "viewer" };
    case "POST /v1/meshes":
      return { name: "fz-new", description: "fuzz", settings: { certificates: { ttl: "24h" } } };
    case "PATCH /v1/meshes/{mesh}":
      return { description: "fuzz", settings: { certificates: { ttl: "12h" }, mtls: { mode: "strict" } } };
    case "POST /v1/meshes/{mesh}/clusters":
      return { name: "fz-cluster" };
    case "PUT /v1/meshes/{mesh}/resources/{kind}/{name}":
      return { spec: structuredClone(resourceSpecs[values.kind!] ?? {}) };
    case "POST /v1/meshes/{mesh}/ca/rotate":
      return { external: { certPem: pem, keyPem: pem, rootPem: pem } };
    case "POST /v1/meshes/{mesh}/ca/external":
      return { certPem: pem, keyPem: pem, rootPem: pem, intermediatesPem: [pem] };
    case "POST /v1/webhooks":
      return { url: "https://hooks.example.com/trellis", description: "fuzz" };
    // Never the org's real name: a fuzz run must not delete the org it fuzzes as.
    case "DELETE /v1/org":
      return { confirm: "not-the-org" };
    default:
      return sampleOf(op.bodySchema);
  }
}

/** A value shaped like a JSON Schema: required properties, first enum value, minimal strings. */
function sampleOf(schema: Record<string, unknown>): unknown {
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ("default" in schema) return schema.default;
  switch (schema.type) {
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sampleOf(v)]));
    }
    case "array":
      return [];
    case "integer":
    case "number":
      return Number(schema.minimum ?? 1);
    case "boolean":
      return true;
    default:
      return "x".repeat(Number(schema.minLength ?? 1));
  }
}
