import type { EndpointHandle } from "../balance/balancer.ts";
import type { CompiledRule, CompiledService } from "../routing/types.ts";
import type { Exchange } from "./exchange.ts";

/** Where a routed outbound request is headed, as policy stages see it. */
export type RouteContext = {
  /** The service the authority named (the route's parent). */
  parent: CompiledService;
  /** The backend the weighted choice picked. */
  backend: CompiledService;
  rule: CompiledRule | undefined;
  endpoint: EndpointHandle;
};

/**
 * A policy step between routing and dispatch: authorization, rate limits, fault
 * injection, header filters, mirroring (issue 6). A stage either lets the request go
 * on (`"continue"`) or has answered it itself (`"handled"`, having called
 * `ex.fail(...)` or responded). Retries and circuit breaking wrap the dispatch instead.
 * Stages run synchronously on the hot path; the list is empty until policies exist.
 */
export type OutboundStage = (ex: Exchange, route: RouteContext) => "continue" | "handled";
