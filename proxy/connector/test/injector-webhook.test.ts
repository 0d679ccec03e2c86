import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { applyJsonPatch, type JsonPatchOp, type PodLike } from "@trellis/protocol/install";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, describe, expect, it } from "vitest";
import { FakeControlPlane } from "../src/testing/fake-control-plane.ts";
import { callWebhook } from "./admission-client.ts";
import { Harness } from "./harness.ts";
import { makeWebhookCerts } from "./webhook-certs.ts";

// The injector as the API server meets it: the real connector program, HTTPS with a
// certificate for the Service name, and AdmissionReview v1 JSON as the API server sends it.
const h = new Harness();
afterEach(() => h.cleanup());

const fixture = await readFile(new URL("./fixtures/admission-review-pod.json", import.meta.url), "utf8");
type Review = { request: { uid: string; object: PodLike; kind: { kind: string }; operation: string } };

async function startInjector(extra: string[] = []) {
  const dir = await h.tempDir();
  const certs = await makeWebhookCerts(dir);
  const cp = await FakeControlPlane.start({ joinTokens: ["jt"] });
  h.defer(() => cp.stop());
  const services = join(dir, "services.yaml");
  await writeFile(services, "services: []\n");
  const connector = h.connector(
    {
      controlPlane: cp.url,
      stateDir: join(dir, "state"),
      discovery: `file:${services}`,
      joinToken: "jt",
      extra: [
        "--webhook-listen=127.0.0.1:0",
        `--webhook-cert-file=${certs.certFile}`,
        `--webhook-key-file=${certs.keyFile}`,
        "--proxy-image=registry.example/trellis-proxy:test",
        "--inject-connector-address=trellis-connector.mesh.svc:4190",
        ...extra,
      ],
    },
    { tuning: { webhookCertReloadMs: 50 } },
  );
  await connector.start();
  const port = connector.status().addresses.webhookPort!;
  return { connector, port, certs, dir };
}

function review(change: (r: Review) => void = () => {}): string {
  const r = JSON.parse(fixture) as Review;
  change(r);
  return JSON.stringify(r);
}

function decodePatch(response: Record<string, unknown>): JsonPatchOp[] {
  return JSON.parse(Buffer.from(response.patch as string, "base64").toString()) as JsonPatchOp[];
}

describe("the sidecar injector webhook", () => {
  it("answers a pod's AdmissionReview with a JSONPatch that meshes it", async () => {
    const { port, certs } = await startInjector();
    const answer = await callWebhook(port, certs.caPem, review());
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview" });
    const response = answer.body.response as Record<string, unknown>;
    expect(response).toMatchObject({
      uid: "0b6a3f2e-3c1d-4c6e-9d57-4f1a2b3c4d5e",
      allowed: true,
      patchType: "JSONPatch",
    });
    const pod = applyJsonPatch((JSON.parse(fixture) as Review).request.object, decodePatch(response));
    const proxy = pod.spec.initContainers!.find((c) => c.name === "trellis-proxy")!;
    expect(proxy.image).toBe("registry.example/trellis-proxy:test");
    expect(proxy.restartPolicy).toBe("Always");
    expect(proxy.args).toContain("--connector=trellis-connector.mesh.svc:4190");
    expect(proxy.args).toContain("--app=127.0.0.1:8080");
    // The service comes from the pod's labels; the owner (ReplicaSet catalog-7c9d8f6b5) agrees.
    expect(proxy.env).toContainEqual({ name: "TRELLIS_PROXY_SERVICE", value: "catalog" });
    expect(pod.spec.containers.map((c) => c.name)).toEqual(["catalog"]);
  });

  it("sends a pod that already has the proxy back unchanged (reinvocation is harmless)", async () => {
    const { port, certs } = await startInjector();
    const first = await callWebhook(port, certs.caPem, review());
    const patch = decodePatch(first.body.response as Record<string, unknown>);
    const again = await callWebhook(
      port,
      certs.caPem,
      review((r) => {
        r.request.object = applyJsonPatch(r.request.object, patch);
      }),
    );
    expect(again.body.response).toEqual({ uid: "0b6a3f2e-3c1d-4c6e-9d57-4f1a2b3c4d5e", allowed: true });
  });

  it("injects a regular container when native sidecars are off", async () => {
    const { port, certs } = await startInjector(["--native-sidecar=false"]);
    const answer = await callWebhook(port, certs.caPem, review());
    const pod = applyJsonPatch(
      (JSON.parse(fixture) as Review).request.object,
      decodePatch(answer.body.response as Record<string, unknown>),
    );
    expect(pod.spec.containers.map((c) => c.name)).toEqual(["trellis-proxy", "catalog"]);
    expect(pod.spec.initContainers!.map((c) => c.name)).toEqual(["trellis-proxy-init"]);
  });

  it("admits without a patch a pod that opts out, and anything that is not a pod being created", async () => {
    const { port, certs } = await startInjector();
    const optedOut = await callWebhook(
      port,
      certs.caPem,
      review((r) => {
        r.request.object.metadata!.annotations = { "trellis.dev/inject": "disabled" };
      }),
    );
    expect(optedOut.body.response).toEqual({ uid: expect.any(String), allowed: true });
    const update = await callWebhook(
      port,
      certs.caPem,
      review((r) => {
        r.request.operation = "UPDATE";
      }),
    );
    expect(update.body.response).toEqual({ uid: expect.any(String), allowed: true });
  });

  it("refuses a pod whose annotation is impossible, saying which", async () => {
    const { port, certs } = await startInjector();
    const answer = await callWebhook(
      port,
      certs.caPem,
      review((r) => {
        r.request.object.metadata!.annotations = { "trellis.dev/app-port": "eighty" };
      }),
    );
    expect(answer.body.response).toMatchObject({
      allowed: false,
      status: { code: 400, message: 'trellis-proxy-injector: trellis.dev/app-port: "eighty" is not a port' },
    });
  });

  it("answers bad requests with 4xx and a reason", async () => {
    const { port, certs } = await startInjector();
    expect(await callWebhook(port, certs.caPem, "{not json")).toMatchObject({
      status: 400,
      body: { error: "the body is not JSON" },
    });
    expect(
      await callWebhook(
        port,
        certs.caPem,
        JSON.stringify({ apiVersion: "admission.k8s.io/v1beta1", kind: "AdmissionReview" }),
      ),
    ).toMatchObject({
      status: 400,
      body: { error: 'apiVersion: must be "admission.k8s.io/v1"' },
    });
    expect((await callWebhook(port, certs.caPem, "", { path: "/mutate" })).status).toBe(404);
    expect((await callWebhook(port, certs.caPem, "", { method: "GET" })).status).toBe(405);
  });

  it("serves a renewed certificate from its files without a restart", async () => {
    const { port, certs, dir } = await startInjector();
    const before = await callWebhook(port, certs.caPem, review());
    const renewed = await makeWebhookCerts(dir, "b");
    await copyFile(renewed.keyFile, certs.keyFile);
    await copyFile(renewed.certFile, certs.certFile);
    const after = await waitFor(
      async () => {
        const a = await callWebhook(port, renewed.caPem, review()).catch(() => undefined);
        return a && a.fingerprint !== before.fingerprint ? a : undefined;
      },
      { what: "the renewed certificate to be served" },
    );
    expect(after.status).toBe(200);
    await expect(callWebhook(port, certs.caPem, review())).rejects.toThrow(/certificate/);
  });

  it("will not start the webhook without its certificate", async () => {
    const dir = await h.tempDir();
    expect(() =>
      h.connector({
        controlPlane: "http://127.0.0.1:1",
        stateDir: dir,
        discovery: "kubernetes",
        extra: ["--webhook-listen=127.0.0.1:0"],
      }),
    ).toThrow(/--webhook-listen needs --webhook-cert-file and --webhook-key-file/);
  });
});
