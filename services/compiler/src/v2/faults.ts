import type { HTTPRouteMatch } from "@trellis/protocol/resources";
import type { FaultV2, RouteV2 } from "@trellis/protocol/snapshot/v2";
import { grpcCodeOf, grpcFromHttp, httpFromGrpc } from "./grpc-status.ts";
import { intersectMatches } from "./match-intersection.ts";
import { httpMatch } from "./matches.ts";
import type { Parsed } from "./resources.ts";
import { msOf, perMillionOf } from "./units.ts";

/** A FaultInjection resolved: the fault a route carries, and which of its requests it hits. */
export interface AttachedFault {
  fault: FaultV2;
  /** Undefined: every request of the route. */
  matches: HTTPRouteMatch[] | undefined;
}

/** An abort given only as HTTP (or only as gRPC) gets the other status by gRPC's mapping. */
export function faultOf(p: Parsed<"FaultInjection">): AttachedFault {
  const { delay, abort, matches } = p.spec;
  const httpStatus = abort ? (abort.httpStatus ?? httpFromGrpc(grpcCodeOf(abort.grpcStatus!))) : 0;
  const fault: FaultV2 = {
    source: { kind: "FaultInjection", name: p.name, namespace: p.namespace },
    ...(delay ? { delay: { ms: msOf(delay.fixedDelay), perMillion: perMillionOf(delay.percent) } } : {}),
    ...(abort
      ? {
          abort: {
            httpStatus,
            grpcStatus: abort.grpcStatus ? grpcCodeOf(abort.grpcStatus) : grpcFromHttp(httpStatus),
            perMillion: perMillionOf(abort.percent),
          },
        }
      : {}),
  };
  return { fault, matches: matches?.length ? matches : undefined };
}

/**
 * A route with its fault. A fault limited by `matches` splits the route: first one entry
 * per fault match (the route's match and the fault's, both required) carrying the fault,
 * then the route itself without it. The split entries are narrower than the route, so
 * placing them just before it leaves every other precedence as it was. A fault match
 * whose path cannot be combined with the route's (see intersectMatches) is left out:
 * a fault lands on fewer requests rather than on requests nobody asked for.
 */
export function withFault(
  route: RouteV2,
  attached: AttachedFault | undefined,
  build: (fault: FaultV2 | undefined) => RouteV2["action"],
): RouteV2[] {
  if (!attached) return [route];
  const routeWith = (match: RouteV2["match"]): RouteV2 => ({
    ...route,
    match,
    action: build(attached.fault),
  });
  if (!attached.matches) return [routeWith(route.match)];
  const faulted: RouteV2[] = [];
  for (const m of attached.matches) {
    const both = intersectMatches(route.match, httpMatch(m).match);
    if (both && both !== "inexpressible") faulted.push(routeWith(both));
  }
  return [...faulted, route];
}
