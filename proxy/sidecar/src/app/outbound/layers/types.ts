import type { Exchange } from "../../../proxy/exchange.ts";
import type { UpstreamRequest } from "../../../proxy/upstream-request.ts";
import type { Backend, Forward, MatchInput, Route, Table, VirtualHost } from "../../../routing/types.ts";
import type { Session } from "../../../session/sticky.ts";
import type { Runtime } from "../../runtime.ts";

export type Routed = {
  table: Table;
  /** The service the app addressed (the route's parent). */
  vhost: VirtualHost;
  route: Route;
  /** The route's action (everything the snapshot attached to it). */
  forward: Forward;
  /** The weighted choice: a cluster and its own filters. */
  backend: Backend;
  input: MatchInput;
  /** The live session the request brought back (session persistence), if any. */
  session: Session | undefined;
};

/** One routed outbound request on its way through the layers (one object per request). */
export type OutboundCall = {
  readonly rt: Runtime;
  readonly ex: Exchange;
  readonly r: Routed;
  /** Set on the response when a fault delayed the request (`x-trellis-fault`). */
  faultLabel: string | undefined;
  /** The request as it goes upstream, once the request filters made it. */
  up: UpstreamRequest | undefined;
};

export type OutboundHandler = (call: OutboundCall) => void;

/**
 * A policy as a layer around the rest of the path (tower's `Layer`, linkerd2-proxy's
 * stacks): it answers the call itself, passes it on (now or later), or both.
 */
export type OutboundLayer = (next: OutboundHandler) => OutboundHandler;

/** Wraps `inner` in `layers`, the first layer outermost. Built once, at module load. */
export function stack(layers: readonly OutboundLayer[], inner: OutboundHandler): OutboundHandler {
  return layers.reduceRight<OutboundHandler>((next, layer) => layer(next), inner);
}
