import { makeWorkloadCsr } from "@trellis/ca/testing/csr";
import {
  signedUpClient,
  startTestControlPlane,
  type TestClient,
  type TestControlPlane,
} from "@trellis/control-plane/testing";
import { SimConnector } from "@trellis/control-plane/testing/sim-connector";
import type { Clock } from "@trellis/core/clock";
import { type ProxyStatus__Input, type SignResponse, timestampFromMs } from "@trellis/protocol/tunnel";
import { StripeStandIn } from "../support/stripe/index.ts";
import { waitFor } from "../support/wait-for.ts";

/** The test's clock: the control plane and the Stripe stand-in both read it; tests move it. */
export class MovableClock implements Clock {
  constructor(public ms = Date.parse("2026-03-02T10:00:20Z")) {}
  now = () => new Date(this.ms);
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const webhookSecret = "whsec_trellis_test_secret";
export const teamPrice = "price_team_proxy_hours";

export interface BillingPlane {
  clock: MovableClock;
  stripe: StripeStandIn;
  cp: TestControlPlane;
  owner: TestClient;
  orgId: string;
  stop(): Promise<void>;
}

/**
 * A real control plane with billing on, its Stripe SDK pointed at the stand-in (which
 * delivers signed events to the control plane's webhook endpoint), the periodic jobs
 * effectively off (tests run passes themselves), and a signed-up owner.
 */
export async function billingPlane(env: Record<string, string> = {}): Promise<BillingPlane> {
  const clock = new MovableClock();
  const stripe = await StripeStandIn.start({ nowMs: () => clock.ms });
  const cp = await startTestControlPlane({
    clock,
    env: {
      STRIPE_SECRET_KEY: stripe.apiKey,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_TEAM_PRICE_ID: teamPrice,
      STRIPE_API_URL: stripe.url,
      WORKER_INTERVAL_MS: "3600000",
      BILLING_INTERVAL_MS: "3600000",
      ...env,
    },
  });
  stripe.webhook = { url: `${cp.url}/v1/billing/stripe-webhook`, secret: webhookSecret };
  const { client: owner, orgId } = await signedUpClient(cp.url);
  return {
    clock,
    stripe,
    cp,
    owner,
    orgId,
    async stop() {
      await cp.stop();
      await stripe.close();
    },
  };
}

/** Checkout through the API, then the person pays at the stand-in's Checkout page. */
export async function upgrade(plane: BillingPlane): Promise<{ customer: string }> {
  const res = await plane.owner.post("/v1/billing/checkout", {});
  if (res.status !== 201) throw new Error(`checkout: ${res.status} ${JSON.stringify(res.body)}`);
  const sessionId = new URL(res.body.url).pathname.split("/").at(-1)!;
  await plane.stripe.completeCheckout(sessionId);
  const failed = plane.stripe.deliveries.filter((d) => d.status !== 200);
  if (failed.length > 0) throw new Error(`webhook deliveries failed: ${JSON.stringify(failed)}`);
  return { customer: plane.stripe.state.sessions.get(sessionId)!.customer };
}

/** A connected simulated connector of a new cluster in `mesh` that discovered shop/web. */
export async function connectCluster(plane: BillingPlane, mesh: string, cluster: string) {
  const created = await plane.owner.post(`/v1/meshes/${mesh}/clusters`, { name: cluster });
  if (created.status !== 201) throw new Error(`cluster: ${created.status} ${JSON.stringify(created.body)}`);
  const sim = new SimConnector(plane.cp.tunnelTarget, { joinToken: created.body.joinToken.token });
  await sim.welcome();
  sim.send({
    discovery: {
      services: [
        {
          name: "web",
          namespace: "shop",
          ports: [{ port: 8080, protocol: "http", name: "http" }],
          endpoints: [
            {
              address: "10.0.0.1",
              port: 4143,
              serviceAccount: "web",
              workload: "web-1",
              ready: true,
              vmName: "",
            },
          ],
        },
      ],
    },
  });
  await waitFor(
    async () => ((await plane.owner.get(`/v1/meshes/${mesh}/services`)).body?.items ?? []).length > 0,
    {
      what: "the discovered service",
    },
  );
  const trustDomain = (await plane.owner.get(`/v1/meshes/${mesh}`)).body.trustDomain as string;
  return { sim, identity: `spiffe://${trustDomain}/ns/shop/sa/web` };
}

/** A ProxyReport listing these proxies (the connector's full set). */
export function report(sim: SimConnector, ids: string[]): void {
  sim.send({ proxyReport: { proxies: ids.map((id) => proxyStatus(id)) } });
}

function proxyStatus(id: string): ProxyStatus__Input {
  return {
    proxyId: id,
    service: "web",
    namespace: "shop",
    workload: `web-${id}`,
    identity: "spiffe://td/ns/shop/sa/web",
    proxyVersion: "0.1.0",
    appliedConfigVersion: 1,
    health: "PROXY_HEALTH_READY",
    startedAt: timestampFromMs(Date.parse("2026-03-02T09:00:00Z")),
    certNotAfter: timestampFromMs(Date.parse("2026-03-03T09:00:00Z")),
  };
}

let requests = 0;

/** A proxy's CSR over the tunnel, as the connector relays it; resolves with the answer. */
export async function sign(sim: SimConnector, identity: string, proxyId: string): Promise<SignResponse> {
  const requestId = `billing-${++requests}`;
  sim.send({ signRequest: { requestId, csrPem: makeWorkloadCsr({ identity }).csrPem, identity, proxyId } });
  const msg = await waitFor(() => sim.received.find((m) => m.signResponse?.requestId === requestId), {
    what: `the SignResponse to ${requestId}`,
  });
  return msg.signResponse!;
}

/**
 * Sends a ProxyReport and waits until the control plane stored it at the clock's current
 * time: each listed proxy of `cluster` shows that time as last seen. A report is metered in
 * the hour the control plane receives it, so a test that moves the clock before the report
 * is stored would meter it in the wrong hour. A live-proxy count cannot tell: a repeated
 * report leaves it unchanged.
 */
export async function reportStored(
  plane: BillingPlane,
  sim: SimConnector,
  where: { mesh: string; cluster: string },
  ids: string[],
): Promise<void> {
  const at = plane.clock.now().toISOString();
  report(sim, ids);
  const path = `/v1/meshes/${where.mesh}/proxies?cluster=${where.cluster}&limit=200`;
  await waitFor(
    async () => {
      const items = ((await plane.owner.get(path)).body?.items ?? []) as { id: string; lastSeenAt: string }[];
      return ids.every((id) => items.some((p) => p.id === id && p.lastSeenAt === at));
    },
    { what: `the report of ${ids.join(", ")} stored at ${at}` },
  );
}

/** Waits until the inventory lists `n` live proxies in the org (the report was stored). */
export async function liveProxies(plane: BillingPlane, n: number): Promise<void> {
  await waitFor(async () => (await plane.owner.get("/v1/billing")).body.usage.proxies === n, {
    what: `${n} live proxies in the inventory`,
  });
}
