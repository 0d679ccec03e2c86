/**
 * One API operation the SDK calls. The namespaces call the API only through this table,
 * so it is the complete list of what the SDK supports; a test compares it with
 * `/v1/openapi.json` in both directions so the two cannot drift.
 */
export interface Operation {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI path syntax: `/v1/meshes/{mesh}`. */
  path: string;
  /** A create that honours `Idempotency-Key`: the client sends one per logical call. */
  idempotent?: true;
}

const op = (method: Operation["method"], path: string, idempotent?: true): Operation =>
  idempotent ? { method, path, idempotent } : { method, path };

/** Every operation of the Trellis API /v1 the SDK supports, by SDK name. */
export const operations = {
  signup: op("POST", "/v1/auth/signup"),
  login: op("POST", "/v1/auth/login"),
  logout: op("POST", "/v1/auth/logout"),
  me: op("GET", "/v1/me"),

  deleteOrg: op("DELETE", "/v1/org"),

  createToken: op("POST", "/v1/tokens", true),
  listTokens: op("GET", "/v1/tokens"),
  revokeToken: op("DELETE", "/v1/tokens/{id}"),

  addMember: op("POST", "/v1/members", true),
  listMembers: op("GET", "/v1/members"),
  updateMember: op("PATCH", "/v1/members/{id}"),
  removeMember: op("DELETE", "/v1/members/{id}"),

  createMesh: op("POST", "/v1/meshes", true),
  listMeshes: op("GET", "/v1/meshes"),
  getMesh: op("GET", "/v1/meshes/{mesh}"),
  updateMesh: op("PATCH", "/v1/meshes/{mesh}"),
  deleteMesh: op("DELETE", "/v1/meshes/{mesh}"),

  createCluster: op("POST", "/v1/meshes/{mesh}/clusters", true),
  listClusters: op("GET", "/v1/meshes/{mesh}/clusters"),
  getCluster: op("GET", "/v1/meshes/{mesh}/clusters/{cluster}"),
  deleteCluster: op("DELETE", "/v1/meshes/{mesh}/clusters/{cluster}"),
  newJoinToken: op("POST", "/v1/meshes/{mesh}/clusters/{cluster}/join-token"),
  revokeCluster: op("POST", "/v1/meshes/{mesh}/clusters/{cluster}/revoke"),

  putResource: op("PUT", "/v1/meshes/{mesh}/resources/{kind}/{name}"),
  getResource: op("GET", "/v1/meshes/{mesh}/resources/{kind}/{name}"),
  deleteResource: op("DELETE", "/v1/meshes/{mesh}/resources/{kind}/{name}"),
  listResourcesOfKind: op("GET", "/v1/meshes/{mesh}/resources/{kind}"),
  listResources: op("GET", "/v1/meshes/{mesh}/resources"),
  putNamespacedResource: op("PUT", "/v1/meshes/{mesh}/namespaces/{namespace}/resources/{kind}/{name}"),
  getNamespacedResource: op("GET", "/v1/meshes/{mesh}/namespaces/{namespace}/resources/{kind}/{name}"),
  deleteNamespacedResource: op("DELETE", "/v1/meshes/{mesh}/namespaces/{namespace}/resources/{kind}/{name}"),

  listAudit: op("GET", "/v1/audit"),

  getSync: op("GET", "/v1/meshes/{mesh}/sync"),
  listServices: op("GET", "/v1/meshes/{mesh}/services"),
  listProxies: op("GET", "/v1/meshes/{mesh}/proxies"),
  getHealth: op("GET", "/v1/meshes/{mesh}/health"),
  getMetrics: op("GET", "/v1/meshes/{mesh}/metrics"),
  getGraph: op("GET", "/v1/meshes/{mesh}/graph"),
  /** Server-Sent Events, read with `Transport.stream`. */
  tap: op("GET", "/v1/meshes/{mesh}/tap"),

  getCa: op("GET", "/v1/meshes/{mesh}/ca"),
  rotateCa: op("POST", "/v1/meshes/{mesh}/ca/rotate"),
  renewCaIssuer: op("POST", "/v1/meshes/{mesh}/ca/renew-issuer"),
  uploadExternalCa: op("POST", "/v1/meshes/{mesh}/ca/external"),
  listCertificates: op("GET", "/v1/meshes/{mesh}/certificates"),

  createWebhook: op("POST", "/v1/webhooks", true),
  listWebhooks: op("GET", "/v1/webhooks"),
  deleteWebhook: op("DELETE", "/v1/webhooks/{id}"),
  listWebhookDeliveries: op("GET", "/v1/webhooks/{id}/deliveries"),

  getBilling: op("GET", "/v1/billing"),
  createCheckout: op("POST", "/v1/billing/checkout"),
  createPortal: op("POST", "/v1/billing/portal"),
} as const satisfies Record<string, Operation>;

/** The SDK name of an operation. */
export type OperationName = keyof typeof operations;

/**
 * Operations the SDK already calls although a control plane may not serve them yet (being
 * added in parallel). The SDK copes when they answer "no route" (see `waitForSync`).
 */
export const pendingOperations: readonly OperationName[] = [
  "getSync",
  "listServices",
  "listProxies",
  "getHealth",
  "getMetrics",
  "getGraph",
  "getCa",
  "rotateCa",
  "renewCaIssuer",
  "uploadExternalCa",
  "listCertificates",
  "createWebhook",
  "listWebhooks",
  "deleteWebhook",
  "listWebhookDeliveries",
];

/**
 * Documents the control plane serves beside `/v1` (not part of the API, so not in its
 * OpenAPI document): the settings it publishes for the console and the CLI.
 */
export const siteOperations = {
  consoleSettings: op("GET", "/console-config.json"),
} as const;

/** Fills `{name}` placeholders with URL-encoded values; throws when one is missing. */
export function expandPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === "") throw new TypeError(`missing path parameter "${name}"`);
    return encodeURIComponent(value);
  });
}
