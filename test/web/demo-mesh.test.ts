import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { canaryRoute } from "@trellis/local/workloads";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, haveChromium, launchBrowser } from "./browser.ts";
import { ensureConsoleBuilt } from "./build-console.ts";
import { DemoMesh } from "./demo-mesh.ts";
import { type Receiver, startReceiver } from "./receiver.ts";
import { expectScreenshot } from "./screenshots.ts";

const password = "correct horse battery staple";
const email = `demo-${process.pid}-${Date.now()}@example.com`;
/** The demo's services as graph node ids (`namespace/service`). */
const demoNodes = ["loadgen", "frontend", "catalog-v1", "catalog-v2", "inventory"].map((s) => `default/${s}`);

/**
 * The console against the real `npm start` demo mesh: a real connector, five real apps each
 * behind a real proxy, real metric batches, real tap events. One demo for the whole file.
 */
describe.skipIf(!haveChromium)("console on the live demo mesh (chromium, real connector and proxies)", () => {
  let cp: TestControlPlane;
  let browser: Browser;
  const demo = new DemoMesh();
  let owner: TrellisClient;
  let receiver: Receiver;
  /** What the control plane and demo say, for failure messages. */
  const state = async () =>
    JSON.stringify({
      demoFailure: demo.failure(),
      graph: await owner.observability("demo").graph({ window: "5m" }).catch(String),
      sync: await owner.sync("demo").get().catch(String),
    });

  /** Flags, deliveries and proxy heartbeats, for the alert test's failure message. */
  const alerting = async () =>
    JSON.stringify({
      flags: ((await owner.observability("demo").health()) as { flags: unknown[] }).flags,
      deliveries: await Promise.all(
        (await owner.webhooks.listAll()).map((h) => owner.webhooks.deliveries(String(h.id)).listAll()),
      ),
      proxies: ((await owner.proxies("demo").listAll()) as { workload: string; lastSeenAt: string }[]).map(
        (p) => `${p.workload} ${p.lastSeenAt}`,
      ),
      received: receiver.bodies.length,
      cluster: await owner.clusters("demo").get("local"),
      now: new Date().toISOString(),
    });

  beforeAll(async () => {
    const dist = await ensureConsoleBuilt();
    receiver = await startReceiver();
    cp = await startTestControlPlane({
      env: {
        TRELLIS_WEB_DIR: dist,
        // The alert webhook test: a receiver on loopback, health checked every second.
        WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
        WORKER_INTERVAL_MS: "1000",
      },
    });
    browser = await launchBrowser();
    // A customer signs up in the browser…
    const { page } = browser;
    await page.goto(`${cp.url}/signup`);
    await page.getByLabel("Work email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByLabel("Organisation name").fill("Demo Shop");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/onboarding$/);
    // …and sets up the demo's mesh, cluster and canary through the SDK, as `npm start` does.
    owner = new TrellisClient({ baseUrl: cp.url, retries: 0 });
    await owner.auth.login({ email, password });
    await owner.meshes.create({ name: "demo" });
    const created = await owner.clusters("demo").create("local");
    await owner.resources("demo").put("HTTPRoute", "catalog-canary", canaryRoute(10));
    await demo.start({ tunnelUrl: cp.tunnelUrl, joinToken: created.joinToken.token });
  }, 240_000);

  afterAll(async () => {
    await demo.stop();
    await browser?.close();
    await cp?.stop();
    await receiver?.close();
  }, 60_000);

  it("draws the demo's service graph, with edges once the connector forwards metrics", async () => {
    const { page } = browser;
    await page.goto(`${cp.url}/meshes/demo`);
    const graph = page.getByTestId("service-graph");
    // Metric batches leave the connector every ~10 s and are rolled up on arrival.
    await expect
      .poll(
        async () => {
          const nodes = await graph
            .locator("[data-node]")
            .evaluateAll((els) => els.map((e) => e.getAttribute("data-node")));
          return demoNodes.every((n) => nodes.includes(n))
            ? "all nodes"
            : `${nodes.join(",")} ${await state()}`;
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toBe("all nodes");
    const edges = await graph
      .locator("[data-edge]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-edge")));
    for (const edge of [
      "default/loadgen->default/frontend",
      "default/frontend->default/catalog-v1",
      "default/frontend->default/catalog-v2",
      // Both catalog versions serve the `catalog` service: their calls leave as catalog's.
      "default/catalog->default/inventory",
    ])
      expect(edges, await state()).toContain(edge);
    // Node labels carry success rate and RPS; the loadgen → frontend edge is labelled with RPS and p99.
    expect(await graph.locator('[data-node="default/frontend"]').textContent()).toMatch(/%.*rps.*p99/);
    expect(await graph.locator('[data-edge="default/loadgen->default/frontend"]').textContent()).toMatch(
      /rps · p99 \d/,
    );
    await expectScreenshot(browser, "demo-overview");
  }, 120_000);

  it("shows static stability from the proxies' certificates and the connector's last-known-good config", async () => {
    const { page } = browser;
    await page.goto(`${cp.url}/meshes/demo`);
    const figure = page.getByTestId("static-stability");
    await expect.poll(() => figure.getAttribute("data-ms"), { timeout: 20_000 }).toMatch(/^\d+$/);
    const ms = Number(await figure.getAttribute("data-ms"));
    // Workload certificates live 24 h and are renewed at about half-life: the first one to
    // expire is at most a day away, and a freshly started demo has many hours left.
    expect(ms).toBeGreaterThan(6 * 3_600_000);
    expect(ms).toBeLessThanOrEqual(24 * 3_600_000);
    const proxies = (await owner.proxies("demo").listAll()) as { certNotAfter: string | null }[];
    const earliest = Math.min(
      ...proxies.map((p) => Date.parse(p.certNotAfter ?? "")).filter(Number.isFinite),
    );
    expect(Math.abs(Date.now() + ms - earliest)).toBeLessThan(60_000);
    const row = page.getByTestId("stability-clusters").locator("tbody tr");
    await expect.poll(() => row.textContent()).toMatch(/local.*v\d+ on disk/);
    expect(await page.getByTestId("static-stability-panel").textContent()).toContain(
      "Limited by cluster local",
    );
  });

  it("edits the canary weight and shows the receipt reaching 100% on the real proxies", async () => {
    const { page } = browser;
    await page.goto(`${cp.url}/meshes/demo/config/HTTPRoute/catalog-canary`);
    const slider = page.getByLabel(/Traffic to catalog-v2/);
    await expect.poll(() => slider.inputValue()).toBe("10");
    await slider.fill("50");
    await expect
      .poll(() => page.getByTestId("canary-output").textContent())
      .toBe("catalog-v1 50% · catalog-v2 50%");
    await page.getByRole("button", { name: "Save weights" }).click();
    const receipt = page.getByTestId("receipt-summary");
    await expect
      .poll(async () => ((await receipt.getAttribute("data-percent")) === "100" ? "100" : await state()), {
        timeout: 60_000,
        interval: 500,
      })
      .toBe("100");
    // One connector and five proxies: every one of them acknowledged the new version.
    expect(await receipt.textContent()).toContain("6 of 6 applied");
    await expectScreenshot(browser, "demo-canary-receipt");
  }, 90_000);

  it("taps live requests from the real proxies, and stops on request", async () => {
    const { page } = browser;
    await page.goto(`${cp.url}/meshes/demo/traffic?service=default%2Ffrontend`);
    await expect
      .poll(() => page.getByLabel("Service", { exact: true }).last().inputValue())
      .toBe("default/frontend");
    await page.getByRole("button", { name: "Start tap" }).click();
    const rows = page.locator("[data-tap-row]");
    await expect
      .poll(
        async () =>
          (await rows.count()) > 2 ? "events" : `${await page.getByTestId("tap-state").textContent()}`,
        {
          timeout: 45_000,
          interval: 500,
        },
      )
      .toBe("events");
    expect(await page.getByTestId("tap-state").getAttribute("data-state")).toBe("live");
    expect(await rows.first().textContent()).toMatch(/GET .*frontend/);
    await expectScreenshot(browser, "demo-tap");
    await page.getByRole("button", { name: "Stop tap" }).click();
    await expect.poll(() => page.getByTestId("tap-state").getAttribute("data-state")).toBe("ended");
    const stoppedAt = await rows.count();
    expect(stoppedAt).toBeLessThanOrEqual(200);
  }, 90_000);

  it("shows the mesh CA, its roots and the certificates it issued to the proxies", async () => {
    const { page } = browser;
    await page.goto(`${cp.url}/meshes/demo/ca`);
    await expect.poll(() => page.getByTestId("ca-facts").textContent()).toContain("builtin");
    expect(await page.getByTestId("issuer-expiry").textContent()).toMatch(/expires .* \(in \d+ d/);
    expect(await page.getByTestId("ca-roots").locator("tbody tr").count()).toBe(1);
    const certs = page.getByTestId("certificates-table");
    await expect
      .poll(() => certs.locator("tbody tr").count(), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(demoNodes.length);
    expect(await certs.textContent()).toContain("/sa/inventory");
    await expectScreenshot(browser, "demo-certificates");

    // A rotation with real proxies: both roots published, leaves re-issued, old root removed.
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Rotate CA" }).click();
    const rotation = page.getByTestId("ca-rotation");
    await expect.poll(() => rotation.getAttribute("data-phase")).toMatch(/pushing-bundle|reissuing|complete/);
    expect(await page.getByRole("button", { name: /Rotation in progress|Rotate CA/ }).count()).toBe(1);
    await expect
      .poll(
        async () =>
          (await rotation.getAttribute("data-phase")) === "complete"
            ? "complete"
            : JSON.stringify(
                await owner
                  .ca("demo")
                  .get()
                  .then((c) => c.rotation),
              ),
        {
          timeout: 90_000,
          interval: 1000,
        },
      )
      .toBe("complete");
    expect(await page.getByTestId("rotation-proxies").getAttribute("value")).toBe(String(demoNodes.length));
    expect(await page.getByTestId("ca-roots").locator("tbody tr").count()).toBe(1);
    await expectScreenshot(browser, "demo-ca-rotated");
  }, 120_000);

  it("creates a webhook, shows its secret once, and lists the deliveries of a real alert", async () => {
    const { page } = browser;
    await page.goto(`${cp.url}/settings/webhooks`);
    await page.getByLabel("URL").fill(receiver.url);
    await page.getByLabel("Description").fill("pager");
    await page.getByRole("button", { name: "Add webhook" }).click();
    const secret = page.getByTestId("webhook-secret");
    await expect.poll(() => secret.locator("pre code").textContent()).toMatch(/\S{16,}/);
    const hooks = (await owner.webhooks.listAll()) as { url: string; secret?: string }[];
    expect(hooks.map((h) => h.url)).toEqual([receiver.url]);
    expect(hooks[0]!.secret).toBeUndefined();
    await page.getByRole("button", { name: "I have copied it" }).click();
    expect(await secret.count()).toBe(0);
    await page.getByRole("button", { name: "Deliveries" }).click();
    const deliveries = page.getByTestId("webhook-deliveries");
    await expect.poll(() => deliveries.textContent()).toContain("No deliveries yet");

    // The connector dies: the control plane raises connector_disconnected and the alert
    // reaches the receiver; the deliveries list shows it without a reload. Meanwhile the
    // proxies keep serving on their last-known-good config (static stability).
    await demo.stopProcess("connector");
    await expect
      .poll(
        async () =>
          receiver.bodies.some((b) => b.includes('"flag":"connector_disconnected"')) || (await alerting()),
        {
          timeout: 60_000,
          interval: 1000,
        },
      )
      .toBe(true);
    const raised = receiver.bodies.find((b) => b.includes('"flag":"connector_disconnected"'))!;
    const eventId = (JSON.parse(raised) as { id: string; type: string }).id;
    expect(JSON.parse(raised)).toMatchObject({ type: "flag.raised", mesh: "demo" });
    await expect
      .poll(() => deliveries.locator("tbody tr", { hasText: eventId }).textContent(), { timeout: 20_000 })
      .toMatch(/flag\.raised.*delivered.*204/);
    expect(await demo.requestAcrossMesh()).toBe(200);
    await expectScreenshot(browser, "demo-webhooks");
    await page.reload();
    await expect.poll(() => page.locator("main").textContent()).toContain(receiver.url);
    expect(await page.getByTestId("webhook-secret").count()).toBe(0);
  }, 90_000);
});

if (!haveChromium)
  it.skip("demo mesh browser tests: chromium is not installed (apt-get install -y chromium)", () => {});
