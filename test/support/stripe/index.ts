import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { handleApi } from "./api.ts";
import { type Answer, stripeError } from "./errors.ts";
import { replayed, store } from "./idempotency.ts";
import * as objects from "./objects.ts";
import { checkoutPage, portalPage } from "./pages.ts";
import * as simulate from "./simulate.ts";
import type { Fault, StandInState } from "./state.ts";
import { type Delivery, deliver, type StripeEvent, type WebhookEndpoint } from "./webhooks.ts";

export type { Fault } from "./state.ts";
export type { Delivery, StripeEvent, WebhookEndpoint } from "./webhooks.ts";

/**
 * A local stand-in for the part of Stripe's API Trellis calls (customers, Checkout
 * Sessions, subscriptions, Customer Portal sessions, Billing meter events), speaking the
 * real wire protocol so the real `stripe` SDK can be pointed at it (`STRIPE_API_URL`):
 * Bearer auth, form-encoded bodies with bracket notation, `Stripe-Version`,
 * `Idempotency-Key` (stored answers replayed, a reused key with other parameters refused),
 * Stripe's error objects and `Stripe-Should-Retry`. It also plays Stripe's side of a
 * person's actions — paying at the hosted Checkout page, a declined renewal, paying or
 * canceling in the portal — and delivers the resulting events to a webhook endpoint,
 * signed with the SDK's `generateTestHeaderString`.
 */
export class StripeStandIn {
  readonly events: StripeEvent[] = [];
  readonly deliveries: Delivery[] = [];
  webhook: WebhookEndpoint | null;

  private constructor(
    readonly state: StandInState,
    private readonly server: Server,
    webhook: WebhookEndpoint | null,
  ) {
    this.webhook = webhook;
  }

  static async start(
    options: { apiKey?: string; webhook?: WebhookEndpoint; nowMs?: () => number } = {},
  ): Promise<StripeStandIn> {
    const nowMs = options.nowMs ?? Date.now;
    const state: StandInState = {
      apiKey: options.apiKey ?? `sk_test_${randomBytes(12).toString("hex")}`,
      baseUrl: "",
      now: () => Math.floor(nowMs() / 1000),
      customers: new Map(),
      sessions: new Map(),
      subscriptions: new Map(),
      invoices: new Map(),
      portalSessions: new Map(),
      meterEvents: [],
      idempotency: new Map(),
      faults: new Map(),
      requests: [],
    };
    let standIn: StripeStandIn | undefined;
    const server = createServer((req, res) => {
      void standIn!.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    standIn = new StripeStandIn(state, server, options.webhook ?? null);
    return standIn;
  }

  /** The base URL, as `STRIPE_API_URL` takes it. */
  get url(): string {
    return this.state.baseUrl;
  }

  get apiKey(): string {
    return this.state.apiKey;
  }

  /** The next requests to `METHOD /path` meet these faults, one each, in order. */
  fail(method: string, path: string, ...faults: Fault[]): void {
    const key = `${method} ${path}`;
    this.state.faults.set(key, [...(this.state.faults.get(key) ?? []), ...faults]);
  }

  /** API requests seen for `METHOD /path`. */
  requestsTo(method: string, path: string) {
    return this.state.requests.filter((r) => r.method === method && r.path === path);
  }

  /** The sum of accepted meter event values, per customer or overall. */
  meterTotal(customer?: string): number {
    return this.state.meterEvents
      .filter((e) => !customer || e.payload.stripe_customer_id === customer)
      .reduce((sum, e) => sum + Number(e.payload.value), 0);
  }

  /** The person pays at Checkout: subscription, paid invoice, events delivered. */
  completeCheckout(sessionId: string): Promise<StripeEvent[]> {
    return this.deliverAll(simulate.completeCheckout(this.state, this.emit, sessionId));
  }

  failPayment(customer: string): Promise<StripeEvent[]> {
    return this.deliverAll(simulate.failPayment(this.state, this.emit, customer));
  }

  payOpenInvoice(customer: string): Promise<StripeEvent[]> {
    return this.deliverAll(simulate.payOpenInvoice(this.state, this.emit, customer));
  }

  cancelSubscription(customer: string): Promise<StripeEvent[]> {
    return this.deliverAll(simulate.cancelSubscription(this.state, this.emit, customer));
  }

  /** (Re)delivers one event to the webhook endpoint; `payload`/`signature` override to forge. */
  async deliver(evt: StripeEvent, options: { payload?: string; signature?: string } = {}): Promise<Delivery> {
    if (!this.webhook) throw new Error("the stand-in has no webhook endpoint");
    const d = await deliver(this.webhook, evt, this.state.now(), options);
    this.deliveries.push(d);
    return d;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private readonly emit = (type: string, object: Record<string, unknown>): StripeEvent => {
    const evt = objects.event(this.state.now(), Stripe.API_VERSION, type, object);
    this.events.push(evt);
    return evt;
  };

  private async deliverAll(events: StripeEvent[]): Promise<StripeEvent[]> {
    if (this.webhook) for (const evt of events) await this.deliver(evt);
    return events;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", this.url);
    if (url.pathname.startsWith("/v1/")) return this.api(req, res, url.pathname, body);
    return this.hostedPage(req.method ?? "GET", url.pathname, res);
  }

  private api(req: IncomingMessage, res: ServerResponse, path: string, body: string): void {
    const method = req.method ?? "GET";
    const seen = { method, path, headers: req.headers, body } as StandInState["requests"][number];
    this.state.requests.push(seen);
    const fault = this.state.faults.get(`${method} ${path}`)?.shift();
    if (fault === "unreachable") return void req.socket.destroy();
    const key = method === "POST" ? header(req, "idempotency-key") : undefined;
    const fingerprint = `${method} ${path} ${body}`;
    let answer = this.refused(req, method) ?? replayed(this.state, key, fingerprint);
    if (answer?.headers?.["idempotent-replayed"]) seen.replayed = true;
    if (!answer) {
      answer =
        fault === "server-error"
          ? stripeError(500, "api_error", "An unknown error occurred; the request may be retried.")
          : handleApi(this.state, method, path, body);
      store(this.state, key, fingerprint, answer);
    }
    seen.status = answer.status;
    if (fault === "lost-answer") return void req.socket.destroy();
    res.writeHead(answer.status, {
      "content-type": "application/json",
      "request-id": `req_${randomBytes(7).toString("hex")}`,
      "stripe-version": header(req, "stripe-version") ?? Stripe.API_VERSION,
      ...(key ? { "idempotency-key": key } : {}),
      ...answer.headers,
    });
    res.end(JSON.stringify(answer.body));
  }

  /** Authentication, API version and body encoding, checked before anything runs. */
  private refused(req: IncomingMessage, method: string): Answer | null {
    const auth = header(req, "authorization");
    if (!auth)
      return stripeError(
        401,
        "invalid_request_error",
        "You did not provide an API key. Provide it as a Bearer token.",
      );
    if (auth !== `Bearer ${this.apiKey}`)
      return stripeError(401, "invalid_request_error", `Invalid API Key provided: ${auth.slice(7, 15)}****`);
    const version = header(req, "stripe-version");
    if (version !== undefined && !/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(version))
      return stripeError(400, "invalid_request_error", `Invalid Stripe API version: ${version}`);
    const type = header(req, "content-type") ?? "";
    if (method === "POST" && !type.startsWith("application/x-www-form-urlencoded"))
      return stripeError(400, "invalid_request_error", `Invalid request: unsupported Content-Type ${type}.`);
    return null;
  }

  private async hostedPage(method: string, path: string, res: ServerResponse): Promise<void> {
    const html = (s: string) =>
      void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(s);
    const redirect = (to: string) => void res.writeHead(303, { location: to }).end();
    const pay = path.match(/^\/c\/pay\/([^/]+)$/);
    if (pay) {
      const session = this.state.sessions.get(pay[1]!);
      if (!session) return void res.writeHead(404).end("no such Checkout Session");
      if (method === "GET") return html(checkoutPage(session));
      await this.completeCheckout(session.id);
      return redirect(session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id));
    }
    const portal = path.match(/^\/p\/session\/([^/]+)(?:\/(pay|cancel))?$/);
    const session = portal && this.state.portalSessions.get(portal[1]!);
    if (!session) return void res.writeHead(404).end("not found");
    if (method === "GET") {
      const open = [...this.state.invoices.values()].some(
        (i) => i.customer === session.customer && i.status === "open",
      );
      return html(portalPage(session, open));
    }
    if (portal[2] === "pay") await this.payOpenInvoice(session.customer);
    if (portal[2] === "cancel") await this.cancelSubscription(session.customer);
    return redirect(portal[2] === "cancel" ? (session.return_url ?? "/") : `/p/session/${session.id}`);
  }
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}
