import { X509Certificate } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, parseConfig, silentLogger } from "@trellis/connector";
import { FakeKubeApi } from "@trellis/connector/testing/fake-kube-api";
import {
  signedUpClient,
  startTestControlPlane,
  type TestClient,
  type TestControlPlane,
} from "@trellis/control-plane/testing";
import { type KubeObject, renderInstallObjects } from "@trellis/protocol/install";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContainerSpec, containerEnvironment } from "../install/container-env.ts";
import { waitFor } from "../support/wait-for.ts";

// Issue 20, the injector's TLS from the mesh CA: the install rendered with
// `injector.tls.source: mesh-ca` (no certificate in it); the connector, run with exactly
// the StatefulSet's flags and environment, gets its serving certificate over the tunnel
// from a real control plane and patches the install's MutatingWebhookConfiguration in a
// stand-in Kubernetes API; the API server's call — HTTPS to the Service's DNS name,
// trusting only that caBundle — then succeeds, and the caBundle is the mesh's own root.
const mwcKind = "mutatingwebhookconfigurations.admissionregistration.k8s.io";
const mwcName = "trellis-proxy-injector";
const dnsName = "trellis-injector.trellis-system.svc";
let cp: TestControlPlane;
let owner: TestClient;
let kube: FakeKubeApi;
let dir: string;
let connector: ReturnType<typeof build>;

type Mwc = { webhooks: { clientConfig: { caBundle?: string } }[] };
const caBundles = () =>
  ((kube.get(mwcKind, "", mwcName) as unknown as Mwc | undefined)?.webhooks ?? []).map(
    (w) => w.clientConfig.caBundle ?? "",
  );

/** What the API server does: TLS to the Service name, trusting the configuration's caBundle only. */
function callWebhook(port: number, caBundle: string): Promise<{ status: number; peer: X509Certificate }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/inject",
        method: "POST",
        servername: dnsName,
        ca: Buffer.from(caBundle, "base64"),
        checkServerIdentity: (_host, cert) =>
          (cert.subjectaltname ?? "").split(", ").includes(`DNS:${dnsName}`)
            ? undefined
            : new Error(`certificate is not for ${dnsName}: ${cert.subjectaltname}`),
        headers: { "content-type": "application/json" },
      },
      (res) => {
        const peer = new X509Certificate(
          (res.socket as import("node:tls").TLSSocket).getPeerCertificate().raw,
        );
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, peer }));
      },
    );
    req.on("error", reject);
    req.end("{}");
  });
}

beforeAll(async () => {
  cp = await startTestControlPlane();
  owner = (await signedUpClient(cp.url)).client;
  expect((await owner.post("/v1/meshes", { name: "k8s" })).status).toBe(201);
  const cluster = await owner.post("/v1/meshes/k8s/clusters", { name: "east" });
  expect(cluster.status).toBe(201);
  kube = await FakeKubeApi.start();
  dir = await mkdtemp(join(tmpdir(), "trellis-webhook-ca-"));
  const all = renderInstallObjects({
    controlPlane: { url: cp.tunnelUrl },
    joinToken: { value: cluster.body.joinToken.token },
    injector: { tls: { source: "mesh-ca" } },
  });
  expect(all.some((o) => o.kind === "Secret" && o.metadata.name === "trellis-injector-tls")).toBe(false);
  kube.upsert(mwcKind, all.find((o) => o.kind === "MutatingWebhookConfiguration") as never);
  const config = parseConfig(...connectorArgsAndEnv(all, dir));
  connector = build(
    { ...config, tuning: { ...config.tuning, webhookReconcileMs: 200 } },
    { logger: silentLogger, kubeConfig: kube.kubeConfig() },
  );
  await connector.start();
}, 60_000);

/** The StatefulSet's flags (this machine's paths and ports where the pod has its own) and env. */
function connectorArgsAndEnv(all: KubeObject[], dir: string): [string[], Record<string, string>] {
  const set = all.find((o) => o.kind === "StatefulSet") as unknown as {
    spec: { template: { spec: { containers: ContainerSpec[] } } };
  };
  const container = set.spec.template.spec.containers[0]!;
  const local: Record<string, string> = {
    "--state-dir": join(dir, "state"),
    "--listen": "127.0.0.1:0",
    "--admin": "127.0.0.1:0",
    "--webhook-listen": "127.0.0.1:0",
  };
  const args = container.args!.map((a) => {
    const flag = a.split("=")[0]!;
    return flag in local ? `${flag}=${local[flag]}` : a;
  });
  const env = containerEnvironment(all, container, { namespace: "trellis-system" });
  expect(env.TRELLIS_WEBHOOK_TLS).toBe("mesh-ca");
  return [[...args, "--sync-resources=false"], env];
}

afterAll(async () => {
  await connector?.stop();
  await kube?.close();
  await cp?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the injector's certificate from the mesh CA", () => {
  it("patches the caBundle of every webhook to the mesh root, and the webhook's TLS verifies against it", async () => {
    expect(caBundles().every((b) => b === "")).toBe(true);
    const bundles = await waitFor(() => (caBundles().every((b) => b !== "") ? caBundles() : null), {
      what: "the caBundle patched by the connector",
      timeoutMs: 20_000,
    });
    expect(bundles).toHaveLength(2);
    expect(new Set(bundles).size).toBe(1);
    const ca = (await owner.get("/v1/meshes/k8s/ca")).body as { roots: { certPem: string }[] };
    const bundlePem = Buffer.from(bundles[0]!, "base64").toString("utf8");
    const bundleCerts = bundlePem.split(/(?=-----BEGIN CERTIFICATE-----)/).map((p) => new X509Certificate(p));
    const roots = ca.roots.map((r) => new X509Certificate(r.certPem));
    expect(bundleCerts.map((c) => c.fingerprint256).sort()).toEqual(
      roots.map((c) => c.fingerprint256).sort(),
    );

    const port = connector.status().addresses.webhookPort!;
    const { status, peer } = await callWebhook(port, bundles[0]!);
    expect(status).toBe(400); // "{}" is not an AdmissionReview; what matters is the handshake
    expect(peer.subjectAltName).toBe(`DNS:${dnsName}`);
    expect(peer.subjectAltName).not.toMatch(/URI:spiffe/);
    // The certificate is in the mesh's registry like any other it issued.
    const certs = await owner.get("/v1/meshes/k8s/certificates");
    expect(certs.status).toBe(200);
    expect(JSON.stringify(certs.body)).toContain('"webhook"');
  });

  it("a caBundle reset by a re-install is set again", async () => {
    const before = caBundles()[0]!;
    const mwc = kube.get(mwcKind, "", mwcName) as unknown as Mwc & Record<string, unknown>;
    kube.upsert(mwcKind, {
      ...mwc,
      webhooks: mwc.webhooks.map((w) => ({ ...w, clientConfig: { ...w.clientConfig, caBundle: "" } })),
    } as never);
    await waitFor(() => caBundles().every((b) => b === before), {
      what: "the caBundle repaired",
      timeoutMs: 20_000,
    });
  });

  it("a restarted connector serves the stored certificate before the control plane answers", async () => {
    const stored = connector.status().webhookCertificate!;
    expect(stored.notAfter).not.toBeNull();
    await cp.stop();
    await connector.stop();
    const config = parseConfig(
      [
        "--control-plane=http://127.0.0.1:9",
        `--state-dir=${join(dir, "state")}`,
        "--discovery=kubernetes",
        "--listen=127.0.0.1:0",
        "--webhook-listen=127.0.0.1:0",
        "--webhook-tls=mesh-ca",
        "--sync-resources=false",
      ],
      { POD_NAMESPACE: "trellis-system" },
    );
    connector = build(config, { logger: silentLogger, kubeConfig: kube.kubeConfig() });
    await connector.start();
    const { peer } = await callWebhook(connector.status().addresses.webhookPort!, caBundles()[0]!);
    expect(peer.subjectAltName).toBe(`DNS:${dnsName}`);
  });
});
