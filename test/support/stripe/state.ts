import type {
  checkoutSession,
  customer,
  invoice,
  meterEvent,
  portalSession,
  Subscription,
} from "./objects.ts";

/** A fault the next matching request meets (see `StripeStandIn.fail`). */
export type Fault =
  /** A 500 api_error after the request began executing: Stripe stores it under the idempotency key. */
  | "server-error"
  /** The request is applied and stored, then the connection drops before the answer. */
  | "lost-answer"
  /** The connection drops before anything is applied. */
  | "unreachable";

/** Everything the stand-in holds, in memory. */
export interface StandInState {
  apiKey: string;
  baseUrl: string;
  /** Unix seconds, from the test's clock when it has one. */
  now(): number;
  customers: Map<string, ReturnType<typeof customer>>;
  sessions: Map<string, ReturnType<typeof checkoutSession>>;
  subscriptions: Map<string, Subscription>;
  invoices: Map<string, ReturnType<typeof invoice>>;
  portalSessions: Map<string, ReturnType<typeof portalSession>>;
  /** Accepted meter events, one per identifier (a repeated identifier is refused). */
  meterEvents: ReturnType<typeof meterEvent>[];
  /** Idempotency-Key → the first request's fingerprint and stored answer. */
  idempotency: Map<string, { fingerprint: string; status: number; body: unknown }>;
  /** Faults queued per `METHOD /path`. */
  faults: Map<string, Fault[]>;
  /** Every API request as it arrived. */
  requests: SeenRequest[];
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw form body. */
  body: string;
  status?: number;
  replayed?: boolean;
}
