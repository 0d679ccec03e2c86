import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, haveChromium, launchBrowser } from "./browser.ts";
import { ensureConsoleBuilt } from "./build-console.ts";
import { freePort, type RunningConnector, startConnector } from "./connector.ts";
import { expectScreenshot } from "./screenshots.ts";

const password = "correct horse battery staple";
const email = (tag: string) => `web-${tag}-${process.pid}-${Date.now()}@example.com`;

describe.skipIf(!haveChromium)("console: sign up, onboarding and the main pages (chromium)", () => {
  let cp: TestControlPlane;
  let browser: Browser;
  let connector: RunningConnector | undefined;
  /** Every Content-Security-Policy report the browser logs, on any page of this file. */
  const cspViolations: string[] = [];

  beforeAll(async () => {
    const dist = await ensureConsoleBuilt();
    cp = await startTestControlPlane({
      env: { TRELLIS_WEB_DIR: dist, TUNNEL_PORT: String(await freePort()) },
    });
    browser = await launchBrowser();
    browser.page.on("console", (m) => {
      if (/Content Security Policy|script-src|unsafe-eval/i.test(m.text())) cspViolations.push(m.text());
    });
  }, 240_000);

  afterAll(async () => {
    await connector?.stop();
    await browser?.close();
    await cp?.stop();
  });

  it("shows field errors for a weak password and a taken email", async () => {
    const { page } = browser;
    await page.goto(`${cp.url}/signup`);
    await page.getByLabel("Work email").fill(email("weak"));
    await page.getByLabel("Password").fill("short");
    await page.getByLabel("Organisation name").fill("Weak Inc");
    await page.getByRole("button", { name: "Create account" }).click();
    const passwordError = page.locator('[data-field-error="password"]');
    await expect.poll(() => passwordError.textContent()).toContain("at least 10 characters");
    expect(await page.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");
    await expectScreenshot(browser, "signup-errors");

    const taken = email("taken");
    await new TrellisClient({ baseUrl: cp.url, retries: 0 }).auth.signup({
      email: taken,
      password,
      orgName: "First",
    });
    await page.getByLabel("Work email").fill(taken);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect
      .poll(() => page.locator('[data-field-error="email"]').textContent())
      .toMatch(/already|taken|exists/i);
  });

  it("says so when logins are rate limited", async () => {
    const { page } = browser;
    const victim = email("throttle");
    await new TrellisClient({ baseUrl: cp.url, retries: 0 }).auth.signup({
      email: victim,
      password,
      orgName: "T",
    });
    await page.goto(`${cp.url}/login`);
    await page.getByLabel("Email").fill(victim);
    await page.getByLabel("Password").fill("wrong password 123");
    const alert = page.getByTestId("form-error");
    for (let i = 0; i < 5; i++) {
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => alert.textContent()).toBeTruthy();
    }
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => alert.textContent()).toMatch(/Too many attempts.*Try again in 15 minutes/);
    await expectScreenshot(browser, "login-rate-limited");
  });

  it("signs up, creates a mesh, adds a cluster and turns green when the real connector connects", async () => {
    const { page } = browser;
    await page.goto(`${cp.url}/signup`);
    await page.getByLabel("Work email").fill(email("owner"));
    await page.getByLabel("Password").fill(password);
    await page.getByLabel("Organisation name").fill("Acme Web");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/onboarding$/);
    await page.getByLabel("Mesh name").fill("prod");
    await page.getByRole("button", { name: "Create mesh" }).click();
    await page.waitForURL(/\/onboarding\?mesh=prod$/);
    await page.getByLabel("Cluster name").fill("dev");
    await page.getByRole("button", { name: "Add cluster" }).click();

    // The Kubernetes tab comes first: the manifest with the join token, copy and download.
    const manifest = page.getByTestId("connector-manifest");
    await expect.poll(() => manifest.textContent()).toContain("kind: StatefulSet");
    const manifestText = (await manifest.textContent())!;
    // The address is typed by hand: a half-typed one is a message, and the page stays usable.
    const address = page.getByLabel("Trellis tunnel address");
    const typed = await address.inputValue();
    await address.fill("tunnel.example:8443");
    await expect
      .poll(() => page.getByTestId("connector-manifest-problem").textContent())
      .toBe("No manifest yet: the tunnel address must be an http:// or https:// URL.");
    await address.fill(typed);
    await expect.poll(() => manifest.textContent()).toBe(manifestText);
    expect(manifestText).toContain("kind: Secret");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download YAML" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("trellis-connector-dev.yaml");
    // One numbering: the bar's current step is the card's number.
    const steps = page.getByTestId("onboarding-steps");
    expect(await steps.getAttribute("data-step")).toBe("3");
    expect(await steps.locator('[aria-current="step"]').textContent()).toBe("Run the connector");
    expect(await page.locator("#connect-title").textContent()).toMatch(/^3\. Run the connector in dev/);
    await expectScreenshot(browser, "onboarding-kubernetes");

    // The "VM / local" tab: the one-line command (arrow keys move between the tabs).
    await page.getByRole("tab", { name: "Kubernetes" }).focus();
    await page.keyboard.press("ArrowRight");
    expect(await page.getByRole("tab", { name: "VM / local" }).getAttribute("aria-selected")).toBe("true");
    const commandBox = page.getByTestId("connector-command");
    await expect.poll(() => commandBox.textContent()).toContain("--control-plane http://");
    const command = (await commandBox.textContent())!;
    const token = /--join-token (\S+)/.exec(command)?.[1];
    const tunnel = /--control-plane (\S+)/.exec(command)?.[1];
    expect(command).toMatch(/^trellis-connector \\\n {2}--control-plane http:\/\/127\.0\.0\.1:/);
    expect(command).toContain("--state-dir ./trellis-state");
    expect(command).toContain("--discovery file:services.yaml");
    expect(token).toBeTruthy();
    expect(manifestText).toContain(token!);
    expect(tunnel).toBe(cp.tunnelUrl);
    // Where trellis-connector comes from, for a machine that does not have it.
    expect(await page.getByTestId("connector-get").textContent()).toMatch(
      /node proxy\/connector\/bin\/trellis-connector\.mjs.*image/s,
    );
    expect(await page.getByTestId("connect-status").getAttribute("data-connected")).toBe("false");
    await expectScreenshot(browser, "onboarding-waiting");

    connector = await startConnector({ controlPlane: tunnel!, joinToken: token! });
    const status = page.getByTestId("connect-status");
    await expect
      .poll(async () => (await status.getAttribute("data-connected")) ?? connector!.output(), {
        timeout: 45_000,
      })
      .toBe("true");
    expect(await status.textContent()).toContain("0.9.0-webtest");
    // The step indicator follows the connection (it may render a poll later): step 4
    // ("See your services") becomes current.
    await expect.poll(() => steps.getAttribute("data-step"), { timeout: 10_000 }).toBe("4");
    expect(await steps.locator('[aria-current="step"]').textContent()).toContain("See your services");
    expect(await page.locator("#connected-title").textContent()).toBe("4. See your services");
    await expectScreenshot(browser, "onboarding-connected");

    // Coming back to onboarding later — by its URL, or by /onboarding alone — shows the
    // connected cluster, not "Add a cluster" again.
    for (const path of ["/onboarding?mesh=prod", "/onboarding"]) {
      await page.goto(`${cp.url}${path}`);
      await expect
        .poll(() => page.getByTestId("onboarding-steps").getAttribute("data-step"), { timeout: 10_000 })
        .toBe("4");
      expect(await page.getByTestId("connect-status").getAttribute("data-connected")).toBe("true");
      expect(await page.getByTestId("onboarding-connected").textContent()).toContain("Cluster dev");
      expect(await page.getByRole("button", { name: "Add cluster" }).count()).toBe(0);
    }
    await expectScreenshot(browser, "onboarding-returning");

    await page.getByRole("link", { name: /See your services/ }).click();
    await page.waitForURL(/\/meshes\/prod$/);
    const row = page.locator('[data-testid="clusters-table"] tr[data-cluster="dev"]');
    await expect.poll(() => row.textContent()).toContain("connected");
    await expect
      .poll(() => page.getByTestId("services-table").textContent(), { timeout: 20_000 })
      .toContain("web");
    await expectScreenshot(browser, "mesh-overview");
  }, 120_000);

  it("renders every main page non-blank (screenshots saved as artifacts)", async () => {
    const { page } = browser;
    const pages: [string, string, RegExp][] = [
      ["/meshes/prod/traffic", "traffic", /Golden metrics/],
      ["/meshes/prod/config", "configuration", /Routes and policies/],
      ["/meshes/prod/ca", "certificates", /Certificate authority/],
      ["/meshes", "meshes", /Your meshes/],
      ["/settings/members", "members", /People in your organisation/],
      ["/settings/tokens", "tokens", /Create a token/],
      ["/settings/audit", "audit", /cluster|mesh/],
      ["/settings/webhooks", "webhooks", /Webhooks/],
    ];
    for (const [path, name, text] of pages) {
      await page.goto(`${cp.url}${path}`);
      await expect.poll(() => page.locator("main").textContent(), { timeout: 10_000 }).toMatch(text);
      await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
      await expectScreenshot(browser, name);
    }
    // The console runs under its CSP without a single violation (zod's eval probe once
    // logged one on every page).
    expect(cspViolations).toEqual([]);
  }, 120_000);

  it("creates an API token, shows it once, and revokes it", async () => {
    const { page } = browser;
    await page.goto(`${cp.url}/settings/tokens`);
    await page.getByLabel("Name").fill("ci-deploy");
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = (await page.getByTestId("new-token").locator("code").textContent())!;
    expect(secret.length).toBeGreaterThan(20);
    expect((await new TrellisClient({ baseUrl: cp.url, token: secret, retries: 0 }).auth.me()).role).toBe(
      "viewer",
    );
    await page.getByRole("button", { name: "I have copied it" }).click();
    expect(await page.getByTestId("new-token").count()).toBe(0);
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => page.getByTestId("tokens-table").textContent()).toContain("revoked");
    await expect(
      new TrellisClient({ baseUrl: cp.url, token: secret, retries: 0 }).auth.me(),
    ).rejects.toThrow();
  });

  it("logs out and back in", async () => {
    const { page } = browser;
    await page.goto(`${cp.url}/meshes/prod`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);
    await page.goto(`${cp.url}/meshes/prod`);
    await page.waitForURL(/\/login\?next=%2Fmeshes%2Fprod$/);
  });
});

if (!haveChromium)
  it.skip("console browser tests: chromium is not installed (apt-get install -y chromium)", () => {});
