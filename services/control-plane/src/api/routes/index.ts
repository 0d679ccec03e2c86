import { auditRoutes } from "./audit.ts";
import { authRoutes } from "./auth.ts";
import { billingRoutes } from "./billing.ts";
import { caRoutes } from "./ca.ts";
import { clusterRoutes } from "./clusters.ts";
import { graphRoutes } from "./graph.ts";
import { healthRoutes } from "./health.ts";
import { memberRoutes } from "./members.ts";
import { meshRoutes } from "./meshes.ts";
import { metricRoutes } from "./metrics.ts";
import { orgRoutes } from "./orgs.ts";
import { proxyRoutes } from "./proxies.ts";
import { resourceRoutes } from "./resources.ts";
import { serviceRoutes } from "./services.ts";
import { syncRoutes } from "./sync.ts";
import { tapRoutes } from "./tap.ts";
import { tokenRoutes } from "./tokens.ts";
import { webhookRoutes } from "./webhooks.ts";

/** Every /v1 operation, in the order the OpenAPI document lists them. */
export const allRoutes = [
  ...authRoutes,
  ...tokenRoutes,
  ...memberRoutes,
  ...meshRoutes,
  ...clusterRoutes,
  ...resourceRoutes,
  ...caRoutes,
  ...serviceRoutes,
  ...syncRoutes,
  ...proxyRoutes,
  ...healthRoutes,
  ...metricRoutes,
  ...graphRoutes,
  ...tapRoutes,
  ...webhookRoutes,
  ...auditRoutes,
  ...orgRoutes,
  ...billingRoutes,
];
