import type { TargetMap } from "../../../policy/types.ts";
import type { Routed } from "./types.ts";

/**
 * The policy attached to the route, else to the service the app addressed, else to
 * the backend service — the most specific wins.
 */
export function attached<T>(map: TargetMap<T>, r: Routed): T | undefined {
  if (r.rule && map.byRoute.size > 0) {
    const hit = map.byRoute.get(`${r.rule.routeKind}/${r.rule.routeName}`);
    if (hit) return hit;
  }
  if (map.byService.size === 0) return undefined;
  return map.byService.get(r.parent.key) ?? map.byService.get(r.backend.key);
}
