import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, parseConfig, silentLogger } from "@trellis/connector";
import { applyJsonPatch, type KubeObject, type PodLike } from "@trellis/protocol/install";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { runCli } from "../cli/run-cli.ts";
import { type ContainerSpec, containerEnvironment } from "./container-env.ts";

// The user's path up to the API server, at its boundaries: `trellis install` prints the
// manifest; the connector runs with exactly the StatefulSet's flags and environment and
// the printed certificate; the API server's call — HTTPS to the Service name, trusting
// the printed caBundle — gets a patch that meshes the pod.
let dir: string;
let all: KubeObject[];
let connector: ReturnType<typeof build>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "trellis-install-injector-"));
  const r = await runCli([
    "install",
    "--join-token=trl_join_e2e",
    "--control-plane=http://127.0.0.1:9",
    "--proxy-image=registry.example/trellis-proxy:e2e",
  ]);
  expect(r.code, r.stderr).toBe(0);
  all = parseAllDocuments(r.stdout).map((d) => d.toJS() as KubeObject);
  const tls = all.find(
    (o) => o.kind === "Secret" && o.metadata.name === "trellis-injector-tls",
  ) as unknown as {
    stringData: Record<string, string>;
  };
  await writeFile(join(dir, "tls.crt"), tls.stringData["tls.crt"]!);
  await writeFile(join(dir, "tls.key"), tls.stringData["tls.key"]!);
  await writeFile(join(dir, "services.yaml"), "services: []\n");
  const set = all.find((o) => o.kind === "StatefulSet") as unknown as {
    spec: { template: { spec: { containers: ContainerSpec[] } } };
  };
  const container = set.spec.template.spec.containers[0]!;
  // The manifest's flags, with this machine's paths and ports where the pod has its own.
  const local: Record<string, string> = {
    "--state-dir": join(dir, "state"),
    "--discovery": `file:${join(dir, "services.yaml")}`,
    "--listen": "127.0.0.1:0",
    "--admin": "127.0.0.1:0",
    "--webhook-listen": "127.0.0.1:0",
    "--webhook-cert-file": join(dir, "tls.crt"),
    "--webhook-key-file": join(dir, "tls.key"),
  };
  const args = container.args!.map((a) => {
    const flag = a.split("=")[0]!;
    if (!(flag in local)) throw new Error(`the manifest passes ${flag}, which this test does not map`);
    return `${flag}=${local[flag]}`;
  });
  const env = containerEnvironment(all, container, { namespace: "trellis-system" });
  connector = build(parseConfig(args, env), { logger: silentLogger });
  await connector.start();
});

afterAll(async () => {
  await connector?.stop();
  await rm(dir, { recursive: true, force: true });
});

function admissionReview(pod: PodLike) {
  return {
    apiVersion: "admission.k8s.io/v1",
    kind: "AdmissionReview",
    request: {
      uid: "e2e-1",
      kind: { group: "", version: "v1", kind: "Pod" },
      operation: "CREATE",
      namespace: "shop",
      object: pod,
    },
  };
}

/** POST as the API server: to trellis-injector.<ns>.svc, trusting the webhook configuration's caBundle. */
function callAsApiServer(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const webhook = all.find((o) => o.kind === "MutatingWebhookConfiguration") as unknown as {
    webhooks: {
      clientConfig: { caBundle: string; service: { name: string; namespace: string; path: string } };
    }[];
  };
  const client = webhook.webhooks[0]!.clientConfig;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: connector.status().addresses.webhookPort!,
        servername: `${client.service.name}.${client.service.namespace}.svc`,
        ca: Buffer.from(client.caBundle, "base64"),
        path: client.service.path,
        method: "POST",
        headers: { "content-type": "application/json" },
        agent: false,
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => {
          text += c.toString();
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

describe("the injector as `trellis install` deploys it", () => {
  it("runs the connector from the manifest and meshes a pod over TLS the API server would trust", async () => {
    const pod: PodLike = {
      metadata: { generateName: "web-", labels: { app: "web" } },
      spec: { serviceAccountName: "web", containers: [{ name: "web", ports: [{ containerPort: 8080 }] }] },
    };
    const answer = await callAsApiServer(admissionReview(pod));
    expect(answer.status).toBe(200);
    const response = (answer.json as { response: { uid: string; allowed: boolean; patch: string } }).response;
    expect(response).toMatchObject({ uid: "e2e-1", allowed: true });
    const meshed = applyJsonPatch(pod, JSON.parse(Buffer.from(response.patch, "base64").toString()));
    const proxy = meshed.spec.initContainers!.find((c) => c.name === "trellis-proxy")!;
    // Settings travelled from the flags through the ConfigMap and the kubelet's $(VAR) expansion.
    expect(proxy.image).toBe("registry.example/trellis-proxy:e2e");
    expect(proxy.args).toContain("--connector=trellis-connector.trellis-system.svc:4190");
    expect(proxy.restartPolicy).toBe("Always");
  });
});
