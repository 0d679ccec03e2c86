import { type Answer, missingParam, noSuch, stripeError } from "./errors.ts";
import { decodeForm, type FormObject, obj, str } from "./form.ts";
import * as objects from "./objects.ts";
import type { StandInState } from "./state.ts";

const thirtyFiveDays = 35 * 86_400;

/** The Stripe API endpoints the control plane calls, on a decoded request. */
export function handleApi(state: StandInState, method: string, path: string, body: string): Answer {
  const form = decodeForm(body);
  const now = state.now();
  if (method === "POST" && path === "/v1/customers") {
    const c = objects.customer(now, {
      ...(str(form, "name") ? { name: str(form, "name")! } : {}),
      ...(str(form, "email") ? { email: str(form, "email")! } : {}),
      metadata: obj(form, "metadata"),
    });
    state.customers.set(c.id, c);
    return { status: 200, body: c };
  }
  if (method === "POST" && path === "/v1/checkout/sessions") return createSession(state, form, now);
  const sub = path.match(/^\/v1\/subscriptions\/([^/]+)$/);
  if (method === "GET" && sub) {
    const s = state.subscriptions.get(sub[1]!);
    return s ? { status: 200, body: s } : noSuch("subscription", sub[1]!);
  }
  if (method === "POST" && path === "/v1/billing_portal/sessions") {
    const customer = str(form, "customer");
    if (!customer) return missingParam("customer");
    if (!state.customers.has(customer)) return noSuch("customer", customer, "customer");
    const p = objects.portalSession(now, state.baseUrl, {
      customer,
      returnUrl: str(form, "return_url") ?? null,
    });
    state.portalSessions.set(p.id, p);
    return { status: 200, body: p };
  }
  if (method === "POST" && path === "/v1/billing/meter_events") return createMeterEvent(state, form, now);
  return stripeError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
}

function createSession(state: StandInState, form: FormObject, now: number): Answer {
  for (const p of ["mode", "success_url"]) if (!str(form, p)) return missingParam(p);
  const customer = str(form, "customer");
  if (customer && !state.customers.has(customer)) return noSuch("customer", customer, "customer");
  const items = Array.isArray(form.line_items) ? (form.line_items as FormObject[]) : [];
  if (items.length === 0 || items.some((i) => !str(i, "price"))) return missingParam("line_items[0][price]");
  const s = objects.checkoutSession(now, state.baseUrl, {
    customer: customer ?? objects.customer(now, { metadata: {} }).id,
    mode: str(form, "mode")!,
    clientReferenceId: str(form, "client_reference_id") ?? null,
    lineItems: items.map((i) => ({ price: str(i, "price")! })),
    successUrl: str(form, "success_url")!,
    cancelUrl: str(form, "cancel_url") ?? str(form, "success_url")!,
    metadata: obj(form, "metadata"),
    subscriptionMetadata: obj((form.subscription_data as FormObject) ?? {}, "metadata"),
  });
  state.sessions.set(s.id, s);
  return { status: 200, body: objects.publicView(s) };
}

function createMeterEvent(state: StandInState, form: FormObject, now: number): Answer {
  const eventName = str(form, "event_name");
  if (!eventName) return missingParam("event_name");
  const payload = obj(form, "payload");
  if (!payload.stripe_customer_id) return missingParam("payload[stripe_customer_id]");
  if (!payload.value || !/^-?\d+$/.test(payload.value))
    return stripeError(400, "invalid_request_error", "The value must be a whole number.", {
      param: "payload[value]",
    });
  const timestamp = str(form, "timestamp") ? Number(str(form, "timestamp")) : now;
  if (timestamp < now - thirtyFiveDays || timestamp > now + 300)
    return stripeError(
      400,
      "invalid_request_error",
      "Timestamp must be within the past 35 calendar days and no more than 5 minutes in the future.",
      { param: "timestamp" },
    );
  const identifier = str(form, "identifier") ?? objects.stripeId("mev");
  if (state.meterEvents.some((e) => e.identifier === identifier))
    return stripeError(
      400,
      "invalid_request_error",
      `An event already exists with identifier ${identifier}.`,
      {
        shouldRetry: false,
      },
    );
  const event = objects.meterEvent(now, { eventName, identifier, payload, timestamp });
  state.meterEvents.push(event);
  return { status: 200, body: event };
}
