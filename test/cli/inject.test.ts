import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KubeObject } from "@trellis/protocol/install";
import { parseConfig as parseProxyConfig } from "@trellis/proxy";
import { parseCaptureArgs } from "@trellis/proxy-capture";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { type ContainerSpec, containerEnvironment } from "../install/container-env.ts";
import { runCli, tempDir } from "./run-cli.ts";

const samplePath = new URL("../../infra/kubernetes/samples/workloads.yaml", import.meta.url);
let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  dir = await tempDir("trellis-cli-inject-");
});
afterAll(() => dir?.remove());

function objects(text: string): KubeObject[] {
  return parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as KubeObject;
  });
}

type PodSpec = { containers: ContainerSpec[]; initContainers?: ContainerSpec[] };
const podSpec = (o: KubeObject): PodSpec =>
  (o.kind === "Pod" ? o.spec : (o.spec as { template: { spec: unknown } }).template.spec) as PodSpec;

describe("trellis inject", () => {
  it("adds the proxy to every workload of a multi-document file and leaves the rest as written", async () => {
    const r = await runCli(["inject", "-f", samplePath.pathname]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split("\n").filter(Boolean)).toEqual([
      "deployment/web: injected",
      "service/web: not a workload, unchanged",
      "statefulset/ledger: injected",
      "daemonset/log-shipper: injected",
      "pod/debug: injected",
    ]);
    const out = objects(r.stdout);
    expect(out.map((o) => o.kind)).toEqual(["Deployment", "Service", "StatefulSet", "DaemonSet", "Pod"]);
    for (const o of out.filter((o) => o.kind !== "Service")) {
      expect(
        podSpec(o)
          .initContainers?.map((c) => c.name)
          .slice(0, 2),
      ).toEqual(["trellis-proxy-init", "trellis-proxy"]);
    }
    // The untouched Service is byte for byte what was written, comment included.
    expect(r.stdout).toContain("# the mesh service is named after this label");
    expect(r.stdout).toContain("    - { name: http, port: 80, targetPort: http }\n");
    // The StatefulSet's own init container runs after the proxy's; its annotation reached the rules.
    const ledger = podSpec(out[2]!);
    expect(ledger.initContainers!.map((c) => c.name)).toEqual([
      "trellis-proxy-init",
      "trellis-proxy",
      "migrate",
    ]);
    expect(ledger.initContainers![0]!.args).toContain("--skip-outbound-ports=5432");
  });

  it("starts containers the real proxy and init program accept, with the pod's identity", async () => {
    const r = await runCli(["inject", "-f", samplePath.pathname, "--connector-namespace", "mesh"]);
    const web = objects(r.stdout)[0]!;
    const spec = podSpec(web);
    const proxy = spec.initContainers!.find((c) => c.name === "trellis-proxy")!;
    const env = containerEnvironment([], proxy, {
      namespace: "shop",
      name: "web-abc12",
      serviceAccountName: "web",
    });
    expect(parseProxyConfig(proxy.args!, env)).toMatchObject({
      connector: { host: "trellis-connector.mesh.svc", port: 4190 },
      namespace: "shop",
      serviceAccount: "web",
      service: "web",
      workload: "web-abc12",
      inbound: { host: "0.0.0.0", port: 4143 },
      app: { host: "127.0.0.1", port: 8080 },
      outbound: { host: "127.0.0.1", port: 4140 },
    });
    const init = spec.initContainers!.find((c) => c.name === "trellis-proxy-init")!;
    expect(parseCaptureArgs(init.args!)).toMatchObject({
      proxyUid: 2102,
      inboundPort: 4143,
      outboundPort: 4140,
    });
  });

  it("is idempotent and reads stdin with -f -", async () => {
    const once = await runCli(["inject", "-f", samplePath.pathname]);
    const twice = await runCli(["inject", "-f", "-"], { stdin: once.stdout });
    expect(twice.code, twice.stderr).toBe(0);
    expect(twice.stdout).toBe(once.stdout);
    expect(twice.stderr).toContain("deployment/web: already injected, unchanged");
  });

  it("injects a regular container with --no-native-sidecar", async () => {
    const r = await runCli(["inject", "-f", samplePath.pathname, "--no-native-sidecar"]);
    const web = podSpec(objects(r.stdout)[0]!);
    expect(web.containers.map((c) => c.name)).toEqual(["trellis-proxy", "web"]);
    expect(web.initContainers!.map((c) => c.name)).toEqual(["trellis-proxy-init"]);
  });

  it("refuses, printing nothing, when a workload asks for something impossible", async () => {
    const file = join(dir.path, "bad.yaml");
    await writeFile(
      file,
      `apiVersion: v1
kind: Pod
metadata:
  name: fine
spec:
  containers: [{ name: app, image: example/app }]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata:
      labels: { app: web }
      annotations: { trellis.dev/app-port: "http" }
    spec:
      containers: [{ name: web, image: example/web }]
`,
    );
    const r = await runCli(["inject", "-f", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('bad.yaml:8: deployment/web: trellis.dev/app-port: "http" is not a port');
  });

  it("says what is missing on a wrong command line", async () => {
    const r = await runCli(["inject"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("-f is required");
    const missing = await runCli(["inject", "-f", join(dir.path, "nope.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file or directory");
  });
});
