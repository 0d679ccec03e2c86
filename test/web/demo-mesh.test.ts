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
const demoNodes = ["catalog", "catalog-v1", "catalog-v2", "frontend", "inventory", "loadgen"].map(
  (s) => `default/${s}`,
);
/** The demo's processes, each behind a proxy (catalog is the route's parent, not a process). */
const demoProxies = 5;

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

  it("draws the demo's graph as its traffic flows, laid out left to right, without start-up failures", async () => {
    const { page } = browser;
    await page.goto(`${cp.url}/meshes/demo`);
    const graph = page.getByTestId("service-graph");
    /** What the graph shows, as structure: its nodes and its edges (kind, configured weight). */
    const structure = async () => ({
      nodes: (
        await graph.locator("[data-node]").evaluateAll((els) => els.map((e) => e.getAttribute("data-node")))
      )
        .sort()
        .join(" "),
      edges: (
        await graph
          .locator("[data-edge]")
          .evaluateAll((els) =>
            els.map((e) =>
              [e.getAttribute("data-edge"), e.getAttribute("data-kind"), e.getAttribute("data-weight")]
                .filter(Boolean)
                .join(" "),
            ),
          )
      ).sort(),
    });
    const expected = {
      nodes: demoNodes.join(" "),
      edges: [
        // frontend calls catalog; the canary route splits it 90/10 to the versions, which call inventory.
        "default/catalog->default/catalog-v1 split 90",
        "default/catalog->default/catalog-v2 split 10",
        "default/catalog-v1->default/inventory call",
        "default/catalog-v2->default/inventory call",
        "default/frontend->default/catalog call",
        "default/loadgen->default/frontend call",
      ],
    };
    // Metric batches leave the connector every ~10 s and are rolled up on arrival.
    await expect
      .poll(
        async () => {
          const now = await structure();
          return JSON.stringify(now) === JSON.stringify(expected)
            ? "as expected"
            : `${JSON.stringify(now)} ${await state()}`;
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toBe("as expected");

    // Layered left to right: each hop is right of its caller; the two versions share a column.
    type Box = { x: number; y: number; w: number; h: number; inside: boolean };
    const boxes: Record<string, Box> = await graph.locator("[data-node]").evaluateAll((els) =>
      Object.fromEntries(
        els.map((e) => {
          const rect = e.querySelector("rect")!.getBoundingClientRect();
          const texts = [...e.querySelectorAll("text")].map((t) => t.getBoundingClientRect());
          const inside = texts.every(
            (t) =>
              t.left >= rect.left && t.right <= rect.right && t.top >= rect.top && t.bottom <= rect.bottom,
          );
          return [
            e.getAttribute("data-node"),
            { x: rect.left, y: rect.top, w: rect.width, h: rect.height, inside },
          ];
        }),
      ),
    );
    /** The centre of a node's box (boxes differ in width, centres line up in a column). */
    const x = (s: string) => boxes[`default/${s}`]!.x + boxes[`default/${s}`]!.w / 2;
    expect(x("loadgen")).toBeLessThan(x("frontend"));
    expect(x("frontend")).toBeLessThan(x("catalog"));
    expect(x("catalog")).toBeLessThan(x("catalog-v1"));
    expect(x("catalog-v1")).toBeCloseTo(x("catalog-v2"), 0);
    expect(x("catalog-v1")).toBeLessThan(x("inventory"));
    // Text inside its box; no edge label on a node.
    for (const [id, b] of Object.entries(boxes)) expect(b.inside, `${id}'s text inside its box`).toBe(true);
    const labels = await graph
      .locator(".edge-label-box")
      .evaluateAll((els) =>
        els
          .map((e) => e.getBoundingClientRect())
          .map((r) => ({ x: r.left, y: r.top, w: r.width, h: r.height })),
      );
    const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
      a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    for (const l of labels)
      for (const [id, b] of Object.entries(boxes)) expect(overlap(l, b), `a label on ${id}`).toBe(false);

    // The loadgen waited for the mesh: no start-up failure colours the first view.
    const health = await graph
      .locator("[data-node]")
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute("data-node")} ${e.getAttribute("data-health")}`),
      );
    expect(
      health.filter((h) => /warn|bad/.test(h)),
      await state(),
    ).toEqual([]);
    expect(await graph.locator('[data-node="default/frontend"]').textContent()).toMatch(/%.*rps.*p99/);
    expect(await graph.locator('[data-node="default/catalog"]').textContent()).toContain(
      "route catalog-canary",
    );
    await expectScreenshot(browser, "demo-overview");

    // A node is a button: its golden metrics open below the graph.
    await graph.locator('[data-node="default/catalog-v1"]').click();
    const details = page.getByTestId("node-details");
    expect(await details.getAttribute("data-node")).toBe("default/catalog-v1");
    expect(await graph.locator('[data-node="default/catalog-v1"]').getAttribute("data-selected")).toBe(
      "true",
    );
    await expect
      .poll(() => details.getByTestId("golden-totals").getAttribute("data-rps"))
      .toMatch(/^[0-9.]+$/);
    expect(Number(await details.getByTestId("golden-totals").getAttribute("data-rps"))).toBeGreaterThan(0);
    expect(await details.getByRole("link", { name: /traffic page/ }).getAttribute("href")).toBe(
      "/meshes/demo/traffic?service=default%2Fcatalog-v1",
    );
    await expectScreenshot(browser, "demo-node-details");
  }, 120_000);

  it("gives a young mesh's rates over the time it ran, with the minute in progress drawn apart", {
    timeout: 120_000,
  }, async () => {
    const { page } = browser;
    await page.goto(`${cp.url}/meshes/demo/traffic?service=default%2Ffrontend`);
    // The traffic page reads the last hour; the demo is a minute or two old and loadgen sends 4 rps.
    const totals = page.getByTestId("golden-totals");
    // Some 50 s of traffic first, so the numbers below are not dominated by the first seconds.
    await expect
      .poll(
        async () =>
          Number(
            await totals
              .locator("dd")
              .first()
              .textContent()
              .catch(() => "0"),
          ),
        {
          timeout: 90_000,
          interval: 2000,
        },
      )
      .toBeGreaterThanOrEqual(200);
    const shown = Number(await totals.getAttribute("data-rps"));
    const observed = Number(await totals.getAttribute("data-observed-seconds"));
    const requests = Number(await totals.locator("dd").first().textContent());
    // The rate is the requests over the seconds the mesh was observed (since its connector
    // joined, within the window) — a few minutes here, not the hour: over the hour it would
    // be under 0.3 rps; here it is a good part of loadgen's 4 rps.
    expect(observed).toBeLessThan(600);
    expect(shown).toBeCloseTo(requests / observed, 2);
    expect(shown, `${requests} requests over ${observed} s`).toBeGreaterThan(1);
    expect(shown).toBeLessThan(8);
    expect(await page.getByTestId("golden-rate").textContent()).toMatch(/rps over the \d+ (s|min) observed/);
    const api = await owner.observability("demo").metrics({ service: "frontend", window: "1h" });
    expect(api.series.at(-1)!.partial).toBe(true);
    expect(api.series.slice(0, -1).every((p) => !p.partial)).toBe(true);
    // Each chart draws the open minute as a separate faint tail, not as a drop of the line.
    expect(await page.locator('[data-testid="chart"] [data-partial="true"]').count()).toBeGreaterThanOrEqual(
      3,
    );
    await expectScreenshot(browser, "demo-traffic-rates");
  });

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
    // The inventory names each member's data plane (xDS clients show theirs the same way).
    const members = page.getByTestId("proxies-table").locator("tbody tr[data-kind]");
    await expect.poll(() => members.count()).toBe(demoProxies);
    expect(await members.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-kind")))).toEqual(
      Array(demoProxies).fill("trellis-proxy"),
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
      .poll(() => page.getByLabel("Service", { exact: true }).last().inputValue(), { timeout: 15_000 })
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
      .toBeGreaterThanOrEqual(demoProxies);
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
    expect(await page.getByTestId("rotation-proxies").getAttribute("value")).toBe(String(demoProxies));
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
