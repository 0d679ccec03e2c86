import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./connector.ts";

/** A raw GET that keeps the path exactly as written (fetch would normalise `..`). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => {
        body += d.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the control plane serves the built console", () => {
  let cp: TestControlPlane;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), "trellis-web-dist-"));
    mkdirSync(join(dist, "assets"));
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>console index</title>");
    writeFileSync(join(dist, "assets", "index-Ab12Cd34.js"), "console.log('app')");
    writeFileSync(join(dist, "robots.txt"), "User-agent: *");
    writeFileSync(join(tmpdir(), "trellis-secret-outside.txt"), "TOP-SECRET-CONTENT-42");
    cp = await startTestControlPlane({ env: { TRELLIS_WEB_DIR: dist, TUNNEL_PORT: "0" } });
  });

  afterAll(async () => {
    await cp?.stop();
    rmSync(dist, { recursive: true, force: true });
  });

  it("serves index.html at / with no-cache and a strict CSP", async () => {
    const res = await fetch(`${cp.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await res.text()).toContain("console index");
  });

  it("caches hashed assets for a year as immutable, with the right type", async () => {
    const res = await fetch(`${cp.url}/assets/index-Ab12Cd34.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("content-type")).toContain("text/javascript");
    expect(await res.text()).toBe("console.log('app')");
    const other = await fetch(`${cp.url}/robots.txt`);
    expect(other.headers.get("cache-control")).toBe("no-cache");
  });

  it("answers index.html for console routes (SPA fallback), but 404 for missing files", async () => {
    const deep = await fetch(`${cp.url}/meshes/prod/config/HTTPRoute/web`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain("console index");
    const missing = await fetch(`${cp.url}/assets/gone-123.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
  });

  it("leaves the API, probes and metrics alone", async () => {
    const api = await fetch(`${cp.url}/v1/no-such-thing`);
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
    expect((await fetch(`${cp.url}/v1`)).status).toBe(404);
    expect(await (await fetch(`${cp.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect((await fetch(`${cp.url}/metrics`)).headers.get("content-type")).toContain("text/plain");
    const me = await fetch(`${cp.url}/v1/me`);
    expect(me.status).toBe(401);
    const post = await fetch(`${cp.url}/meshes`, { method: "POST" });
    expect(post.status).toBe(404);
  });

  it("never serves files outside the console folder", async () => {
    for (const path of [
      "/../trellis-secret-outside.txt",
      "/%2e%2e/trellis-secret-outside.txt",
      "/assets/..%2f..%2ftrellis-secret-outside.txt",
      "/%E0%A4%A",
    ]) {
      const res = await rawGet(cp.url, path);
      expect(res.body, path).not.toContain("TOP-SECRET-CONTENT-42");
    }
  });

  it("tells the console the tunnel address is unknown when the tunnel port is ephemeral", async () => {
    const res = await fetch(`${cp.url}/console-config.json`);
    expect(await res.json()).toEqual({ tunnelUrl: null });
  });
});

describe("without a built console", () => {
  it("answers / with a page saying how to build it", async () => {
    const empty = mkdtempSync(join(tmpdir(), "trellis-web-empty-"));
    const tunnelPort = await freePort();
    const cp = await startTestControlPlane({
      env: { TRELLIS_WEB_DIR: join(empty, "dist"), TUNNEL_PORT: String(tunnelPort) },
    });
    try {
      const res = await fetch(`${cp.url}/meshes`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("npm run build -w @trellis/web");
      expect(await (await fetch(`${cp.url}/console-config.json`)).json()).toEqual({
        tunnelUrl: `http://127.0.0.1:${tunnelPort}`,
      });
      expect((await fetch(`${cp.url}/v1/me`)).status).toBe(401);
    } finally {
      await cp.stop();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
