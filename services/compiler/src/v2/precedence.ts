import type { RouteMatchV2 } from "@trellis/protocol/snapshot/v2";
import { byString } from "../services.ts";

/** What decides where a route entry sits among a virtual host's routes. */
export interface Ranked {
  match: RouteMatchV2;
  /** Specificity, compared element by element, higher first. */
  rank: readonly number[];
  routeName: string;
  ruleIndex: number;
  matchIndex: number;
  hostIndex: number;
  port: number | undefined;
}

/**
 * Gateway API precedence across one service's routes, first match wins: GRPCRoute entries
 * before HTTPRoute entries (a gRPC request is routed by the GRPCRoutes written for it
 * before any HTTPRoute; an HTTPRoute still catches what they leave), then the entry that
 * names the most specific route hostname (exact before wildcard, longer first), then the
 * kind's own specificity (see matches.ts), then — as Gateway API breaks ties by age and
 * then name, and the compiler sees no age — the route name, the rule's order, the match's
 * order.
 */
export function byPrecedence(a: Ranked, b: Ranked): number {
  return (
    Number(b.match.grpc) - Number(a.match.grpc) ||
    compareRank(a.rank, b.rank) ||
    byString(a.routeName, b.routeName) ||
    a.ruleIndex - b.ruleIndex ||
    a.matchIndex - b.matchIndex ||
    a.hostIndex - b.hostIndex ||
    (a.port ?? 0) - (b.port ?? 0)
  );
}

/** Lexicographic comparison of ranks, higher first. */
export function compareRank(a: readonly number[], b: readonly number[]): number {
  const n = Math.max(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const d = (b[k] ?? 0) - (a[k] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
