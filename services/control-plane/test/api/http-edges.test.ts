import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, TestClient, type TestControlPlane } from "../harness.ts";

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(() => cp.stop());

describe("HTTP edges", () => {
  it("answers 413 problem+json for a body over 1 MiB", async () => {
    const { client } = await signedUpClient(cp.url);
    // The server answers as soon as it knows the size and stops reading, so use a raw
    // request that reads the answer even though the upload is cut short.
    const body = JSON.stringify({ name: "x", description: "a".repeat(1024 * 1024 + 10) });
    const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        `${cp.url}/v1/meshes`,
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            cookie: client.cookie!,
            "x-csrf-token": client.csrf!,
          },
        },
        (r) => {
          let text = "";
          r.on("data", (d) => (text += d));
          r.on("end", () => resolve({ status: r.statusCode!, text }));
        },
      );
      req.on("error", (err) =>
        String(err).includes("EPIPE") || String(err).includes("ECONNRESET") ? undefined : reject(err),
      );
      req.end(body);
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).code).toBe("payload_too_large");
  });

  it("answers unknown routes with a 404 problem", async () => {
    const res = await new TestClient(cp.url).get("/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("serves health, readiness and Prometheus metrics labelled by route template", async () => {
    const c = new TestClient(cp.url);
    expect((await c.get("/healthz")).body).toEqual({ status: "ok" });
    expect((await c.get("/readyz")).status).toBe(200);
    await c.get("/v1/meshes/some-mesh");
    const metrics = await fetch(`${cp.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(
      /trellis_http_request_duration_seconds_count\{method="GET",route="\/v1\/meshes\/:mesh",status="401"\} 1/,
    );
    expect(metrics).not.toContain("some-mesh");
  });

  it("documents every route in OpenAPI 3.1", async () => {
    const doc = (await new TestClient(cp.url).get("/v1/openapi.json")).body;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/meshes/{mesh}/resources/{kind}/{name}", "/v1/auth/signup", "/v1/audit"]),
    );
    const put = doc.paths["/v1/meshes/{mesh}/resources/{kind}/{name}"].put;
    expect(put.responses["201"]).toBeDefined();
    expect(doc.paths["/v1/meshes"].post.parameters.map((p: { name: string }) => p.name)).toContain(
      "Idempotency-Key",
    );
  });
});
