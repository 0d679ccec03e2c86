import { auditRoutes } from "./audit.ts";
import { authRoutes } from "./auth.ts";
import { clusterRoutes } from "./clusters.ts";
import { memberRoutes } from "./members.ts";
import { meshRoutes } from "./meshes.ts";
import { orgRoutes } from "./orgs.ts";
import { resourceRoutes } from "./resources.ts";
import { tokenRoutes } from "./tokens.ts";

/** Every /v1 operation, in the order the OpenAPI document lists them. */
export const allRoutes = [
  ...authRoutes,
  ...tokenRoutes,
  ...memberRoutes,
  ...meshRoutes,
  ...clusterRoutes,
  ...resourceRoutes,
  ...auditRoutes,
  ...orgRoutes,
];
