import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { SimConnector } from "@trellis/control-plane/testing/sim-connector";
import { timestampFromMs } from "@trellis/protocol/tunnel";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StripeStandIn } from "../support/stripe/index.ts";
import { waitFor } from "../support/wait-for.ts";
import { type Browser, haveChromium, launchBrowser } from "./browser.ts";
import { ensureConsoleBuilt } from "./build-console.ts";
import { expectScreenshot } from "./screenshots.ts";

const password = "correct horse battery staple";
const email = `billing-owner-${process.pid}-${Date.now()}@example.com`;
const secret = "whsec_console_test";

describe.skipIf(!haveChromium)("console: billing (chromium, Stripe stand-in)", () => {
  let cp: TestControlPlane;
  let stripe: StripeStandIn;
  let browser: Browser;
  let sim: SimConnector | undefined;

  beforeAll(async () => {
    const dist = await ensureConsoleBuilt();
    stripe = await StripeStandIn.start();
    cp = await startTestControlPlane({
      env: {
        TRELLIS_WEB_DIR: dist,
        STRIPE_SECRET_KEY: stripe.apiKey,
        STRIPE_WEBHOOK_SECRET: secret,
        STRIPE_TEAM_PRICE_ID: "price_team",
        STRIPE_API_URL: stripe.url,
      },
    });
    stripe.webhook = { url: `${cp.url}/v1/billing/stripe-webhook`, secret };
    // The owner's org runs three proxies this hour: the usage chart has something to show.
    const owner = new TrellisClient({ baseUrl: cp.url, retries: 0 });
    await owner.auth.signup({ email, password, orgName: "Billing Co" });
    await owner.meshes.create({ name: "shop" });
    const created = await owner.clusters("shop").create("east");
    sim = new SimConnector(cp.tunnelTarget, { joinToken: created.joinToken.token });
    await sim.welcome();
    sim.send({
      proxyReport: {
        proxies: ["prx_1", "prx_2", "prx_3"].map((proxyId) => ({
          proxyId,
          service: "web",
          namespace: "shop",
          workload: proxyId,
          identity: "spiffe://td/ns/shop/sa/web",
          proxyVersion: "0.1.0",
          appliedConfigVersion: 1,
          health: "PROXY_HEALTH_READY",
          startedAt: timestampFromMs(Date.now() - 60_000),
          certNotAfter: timestampFromMs(Date.now() + 86_400_000),
        })),
      },
    });
    await waitFor(async () => (await owner.billing.get()).usage.proxyHours === 3, { what: "3 proxy-hours" });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    sim?.close();
    await browser?.close();
    await cp?.stop();
    await stripe?.close();
  });

  it("shows Free with the usage chart, upgrades through Checkout, and manages through the Portal", async () => {
    const { page } = browser;
    await page.goto(`${cp.url}/login`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    await page.goto(`${cp.url}/settings/billing`);
    // An owner has Billing in the navigation.
    await expect.poll(() => page.getByRole("link", { name: "Billing" }).count()).toBe(1);

    const plan = page.getByTestId("plan-name");
    await expect.poll(() => plan.textContent()).toContain("Free");
    expect(await page.getByTestId("proxy-hours").textContent()).toBe("3");
    expect(await page.getByTestId("limit-proxies").textContent()).toContain("3 of 10");
    expect(await page.locator('[data-testid="usage-chart"] rect[data-value="3"]').count()).toBe(1);
    await expectScreenshot(browser, "billing-free");

    // Upgrade: the browser goes to Stripe's Checkout page, pays, and comes back.
    await page.getByRole("button", { name: "Upgrade to Team" }).click();
    await page.waitForURL((u) => u.href.startsWith(`${stripe.url}/c/pay/`));
    await page.getByRole("button", { name: "Pay and subscribe" }).click();
    await page.waitForURL((u) => u.pathname === "/settings/billing" && u.search === "?checkout=success");
    await expect.poll(() => plan.textContent(), { timeout: 20_000 }).toContain("Team");
    expect(await page.getByTestId("limit-proxies").textContent()).toContain("3 of 1000");
    // The new period began this hour: its proxy-hours so far are this hour's three.
    expect(await page.getByTestId("proxy-hours").textContent()).toBe("3");
    await expectScreenshot(browser, "billing-team");

    // A renewal fails: the banner appears on the Billing page and across the console.
    const customer = [...stripe.state.customers.keys()][0]!;
    await stripe.failPayment(customer);
    const banner = page.getByTestId("payment-banner");
    await expect.poll(() => banner.textContent(), { timeout: 20_000 }).toContain("Payment failed");
    expect(await banner.textContent()).toContain("Team limits stay for 7 more days");
    await expectScreenshot(browser, "billing-payment-failed");
    await page.goto(`${cp.url}/meshes`);
    await expect.poll(() => page.getByTestId("payment-banner").count(), { timeout: 20_000 }).toBe(1);

    // Manage → the Customer Portal: pay the open invoice, return; the banner is gone.
    await page.goto(`${cp.url}/settings/billing`);
    await page.getByRole("button", { name: "Manage billing" }).click();
    await page.waitForURL((u) => u.href.startsWith(`${stripe.url}/p/session/`));
    await page.getByRole("button", { name: "Pay open invoice" }).click();
    await page.getByRole("link", { name: "Return to Trellis" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/settings/billing");
    await expect.poll(() => page.getByTestId("payment-banner").count(), { timeout: 20_000 }).toBe(0);
    expect(await plan.textContent()).toContain("active");
  }, 180_000);
});
