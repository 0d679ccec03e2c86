import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for.ts";
import { type Browser, haveChromium, launchBrowser } from "./browser.ts";
import { ensureConsoleBuilt } from "./build-console.ts";
import { freePort, type RunningConnector, startConnector } from "./connector.ts";
import { expectScreenshot } from "./screenshots.ts";

const password = "correct horse battery staple";
const stamp = `${process.pid}-${Date.now()}`;
const ownerEmail = `cfg-owner-${stamp}@example.com`;
const viewerEmail = `cfg-viewer-${stamp}@example.com`;
const routeUrl = "/meshes/shop/config/HTTPRoute/web-canary";

async function signIn(browser: Browser, base: string, email: string) {
  const { page } = browser;
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

describe.skipIf(!haveChromium)("console: configuration, canary receipt and roles (chromium)", () => {
  let cp: TestControlPlane;
  let browser: Browser;
  let connector: RunningConnector | undefined;
  let owner: TrellisClient;

  beforeAll(async () => {
    const dist = await ensureConsoleBuilt();
    cp = await startTestControlPlane({
      env: { TRELLIS_WEB_DIR: dist, TUNNEL_PORT: String(await freePort()) },
    });
    // The owner sets the scene through the SDK: a mesh, a connected cluster, a weighted route.
    owner = new TrellisClient({ baseUrl: cp.url, retries: 0 });
    await owner.auth.signup({ email: ownerEmail, password, orgName: "Shop" });
    await owner.meshes.create({ name: "shop" });
    const created = await owner.clusters("shop").create("edge");
    connector = await startConnector({ controlPlane: cp.tunnelUrl, joinToken: created.joinToken.token });
    await waitFor(async () => (await owner.clusters("shop").get("edge")).connected, {
      timeoutMs: 45_000,
      what: `the connector to connect (${connector.output()})`,
    });
    await owner.resources("shop").create("HTTPRoute", "web-canary", {
      parentRefs: [{ name: "web" }],
      rules: [
        {
          backendRefs: [
            { name: "web", weight: 90 },
            { name: "web-v2", weight: 10 },
          ],
        },
      ],
    });
    // A viewer of the owner's org: added as viewer, then their own org is deleted so their
    // login lands in the owner's org (the API has no org switch).
    const viewer = new TrellisClient({ baseUrl: cp.url, retries: 0 });
    await viewer.auth.signup({ email: viewerEmail, password, orgName: "Viewer's own" });
    await owner.members.add({ email: viewerEmail, role: "viewer" });
    await viewer.org.delete("Viewer's own");
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await connector?.stop();
    await browser?.close();
    await cp?.stop();
  });

  it("shows schema errors inline, on their line, while typing bad YAML", async () => {
    await signIn(browser, cp.url, ownerEmail);
    const { page } = browser;
    await page.goto(`${cp.url}${routeUrl}`);
    const editor = page.getByLabel("Resource (YAML)");
    await expect.poll(() => editor.inputValue()).toContain("web-v2");
    const good = await editor.inputValue();
    await editor.fill(good.replace("weight: 10", "weight: -5"));
    const errors = page.getByTestId("yaml-errors");
    await expect.poll(() => errors.textContent()).toMatch(/Line \d+: spec\.rules\.0\.backendRefs\.1\.weight/);
    expect(await editor.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByRole("button", { name: "Save", exact: true }).isDisabled()).toBe(true);
    await expectScreenshot(browser, "config-yaml-error");

    await editor.fill("kind: HTTPRoute\nmetadata: [unclosed\n");
    await expect.poll(() => errors.textContent()).toMatch(/Line \d+/);
    await editor.fill(good.replace("kind: HTTPRoute", "kind: Nonsense"));
    await expect.poll(() => errors.textContent()).toMatch(/kind/);
    await editor.fill(good);
    await expect.poll(() => errors.count()).toBe(0);
  });

  it("keeps a canary edit made the instant the slider appears (no reset by a late effect)", async () => {
    // A user (or a loaded machine) can move the slider before the page's effects have run;
    // the edit must survive them. The init script moves it in the same task that inserts it.
    const page = await browser.context.newPage();
    try {
      await page.addInitScript(`
        new MutationObserver((_, observer) => {
          const slider = document.getElementById("canary-weight");
          if (!slider) return;
          observer.disconnect();
          slider.value = "25";
          slider.dispatchEvent(new Event("input", { bubbles: true }));
        }).observe(document, { childList: true, subtree: true });
      `);
      await page.goto(`${cp.url}${routeUrl}`);
      const output = page.getByTestId("canary-output");
      await expect.poll(() => output.textContent()).toBe("web 75% · web-v2 25%");
      // Preact flushes effects on the next frame (then a task): wait for two frames and a task.
      await page.evaluate(
        "new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r))))",
      );
      expect(await output.textContent()).toBe("web 75% · web-v2 25%");
      expect(await page.getByRole("button", { name: "Save weights" }).isEnabled()).toBe(true);
    } finally {
      await page.close();
    }
  });

  it("saves a canary weight and shows the rollout receipt reaching 100%", async () => {
    const { page } = browser;
    await page.goto(`${cp.url}${routeUrl}`);
    const slider = page.getByLabel(/Traffic to web-v2/);
    await expect.poll(() => slider.inputValue()).toBe("10");
    await slider.fill("30");
    await expect.poll(() => page.getByTestId("canary-output").textContent()).toBe("web 70% · web-v2 30%");
    await page.getByRole("button", { name: "Save weights" }).click();
    const receipt = page.getByTestId("receipt-summary");
    await expect
      .poll(
        async () => {
          const percent = await receipt.getAttribute("data-percent");
          if (percent === "100") return percent;
          return `${percent}: ${JSON.stringify(await owner.sync("shop").get())} ${connector?.output()}`;
        },
        { timeout: 30_000 },
      )
      .toBe("100");
    expect(await receipt.textContent()).toContain("1 of 1 applied");
    await expectScreenshot(browser, "canary-receipt");
    const stored = await owner.resources("shop").get("HTTPRoute", "web-canary");
    const weights = (
      stored.spec as { rules: { backendRefs: { weight: number }[] }[] }
    ).rules[0]!.backendRefs.map((b) => b.weight);
    expect(weights).toEqual([70, 30]);
    const sync = await owner.sync("shop").get();
    expect(sync.clusters[0]!.appliedVersion).toBeGreaterThanOrEqual(sync.desiredVersion);
  }, 60_000);

  it("creates a Gateway API route as written, in its namespace, and shows its conditions", async () => {
    const { page } = browser;
    await page.goto(`${cp.url}/meshes/shop/config/new`);
    const editor = page.getByLabel("Resource (YAML)");
    await editor.fill(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
  namespace: bookinfo
spec:
  parentRefs:
    - name: public-gw
    - group: ""
      kind: Service
      name: reviews
      port: 9080
  rules:
    - backendRefs:
        - name: reviews-v1
          port: 9080
`);
    await expect
      .poll(() => page.getByTestId("yaml-warnings").textContent())
      .toContain("parentRefs[0] (Gateway public-gw)");
    await page.getByRole("button", { name: "Create" }).click();
    await page.waitForURL(
      (u) => u.pathname.endsWith("/config/HTTPRoute/reviews") && u.search === "?namespace=bookinfo",
    );
    const conditions = page.getByTestId("resource-conditions");
    await expect.poll(() => conditions.textContent()).toContain("False: BackendNotFound");
    expect(await conditions.textContent()).toContain("backendRef bookinfo/reviews-v1");
    const stored = await owner.resources("shop").get("HTTPRoute", "reviews", { namespace: "bookinfo" });
    expect(stored).toMatchObject({ apiVersion: "gateway.networking.k8s.io/v1", namespace: "bookinfo" });
    await page.goto(`${cp.url}/meshes/shop/config`);
    const row = page.getByRole("row", { name: /reviews/ });
    await expect.poll(() => row.textContent()).toContain("bookinfo");
    expect(await row.textContent()).toContain("ResolvedRefs: BackendNotFound");
  });

  it("shows a viewer no edit buttons, and the API refuses their edits anyway", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);
    await signIn(browser, cp.url, viewerEmail);
    expect(await page.getByTestId("role").textContent()).toBe("viewer");

    await page.goto(`${cp.url}/meshes/shop`);
    await expect.poll(() => page.getByTestId("clusters-table").textContent()).toContain("edge");
    expect(await page.getByRole("link", { name: "Add cluster" }).count()).toBe(0);

    await page.goto(`${cp.url}/meshes/shop/config`);
    await expect.poll(() => page.getByTestId("resources-table").textContent()).toContain("web-canary");
    expect(await page.getByRole("link", { name: "New resource" }).count()).toBe(0);

    await page.goto(`${cp.url}${routeUrl}`);
    const editor = page.getByLabel(/Resource \(YAML, read-only/);
    await expect.poll(() => editor.inputValue()).toContain("web-v2");
    expect(await editor.getAttribute("readonly")).not.toBeNull();
    expect(await page.getByRole("button", { name: /^(Save|Create|Save weights)$/ }).count()).toBe(0);
    expect(await page.getByLabel(/Traffic to web-v2/).isDisabled()).toBe(true);
    await expectScreenshot(browser, "viewer-route");

    for (const path of ["/settings/tokens", "/settings/members", "/meshes"]) {
      await page.goto(`${cp.url}${path}`);
      await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
      expect(await page.getByRole("button", { name: /Create|Revoke|Remove|Add/ }).count(), path).toBe(0);
    }

    // The same browser session, straight at the API: refused with 403.
    const statuses = await page.evaluate(async () => {
      const me = (await (await fetch("/v1/me")).json()) as { csrfToken: string };
      const headers = { "content-type": "application/json", "x-csrf-token": me.csrfToken };
      const put = await fetch("/v1/meshes/shop/resources/HTTPRoute/web-canary", {
        method: "PUT",
        headers,
        body: JSON.stringify({
          spec: { parentRefs: [{ name: "web" }], rules: [{ backendRefs: [{ name: "web" }] }] },
        }),
      });
      const cluster = await fetch("/v1/meshes/shop/clusters", {
        method: "POST",
        headers,
        body: '{"name":"x"}',
      });
      const token = await fetch("/v1/tokens", {
        method: "POST",
        headers,
        body: '{"name":"x","role":"viewer"}',
      });
      return [put.status, cluster.status, token.status];
    });
    expect(statuses).toEqual([403, 403, 403]);
  }, 60_000);
});

if (!haveChromium)
  it.skip("console browser tests: chromium is not installed (apt-get install -y chromium)", () => {});
