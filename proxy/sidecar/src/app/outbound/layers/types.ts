import type { Exchange } from "../../../proxy/exchange.ts";
import type { UpstreamRequest } from "../../../proxy/upstream-request.ts";
import type { CompiledRule, CompiledService, MatchInput, RoutingTable } from "../../../routing/types.ts";
import type { Runtime } from "../../runtime.ts";

export type Routed = {
  table: RoutingTable;
  /** The service the app addressed (the route's parent). */
  parent: CompiledService;
  /** The service the request goes to (the weighted choice). */
  backend: CompiledService;
  rule: CompiledRule | undefined;
  /** The matched path prefix (for ReplacePrefixMatch). */
  prefix: string;
  input: MatchInput;
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
