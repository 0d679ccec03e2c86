import { createPrivateKey, X509Certificate } from "node:crypto";
import { type KubeObject, renderInstallObjects } from "@trellis/protocol/install";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { runCli } from "./run-cli.ts";

function objects(text: string): KubeObject[] {
  return parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as KubeObject;
  });
}

type Fields = {
  stringData: Record<string, string>;
  data: Record<string, string>;
  webhooks: { failurePolicy: string; clientConfig: { caBundle: string } }[];
};
const find = (all: KubeObject[], kind: string, name?: string) =>
  all.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name)) as KubeObject & Fields;

describe("trellis install", () => {
  it("prints the whole install, the same objects as the library renders, with a working injector certificate", async () => {
    const r = await runCli([
      "install",
      "--join-token",
      "trl_join_abc",
      "--control-plane",
      "https://tunnel.example.com:8443",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("kubectl label namespace <name> trellis.dev/inject=enabled");
    const all = objects(r.stdout);
    const tls = find(all, "Secret", "trellis-injector-tls");
    const webhook = find(all, "MutatingWebhookConfiguration");
    const caBundle = webhook.webhooks[0]!.clientConfig.caBundle;
    // Same values, same objects: the CLI adds nothing of its own but the certificate.
    expect(all).toEqual(
      renderInstallObjects({
        controlPlane: { url: "https://tunnel.example.com:8443" },
        joinToken: { value: "trl_join_abc" },
        injector: {
          tls: { certificate: tls.stringData["tls.crt"]!, key: tls.stringData["tls.key"]!, caBundle },
        },
      }),
    );
    const ca = new X509Certificate(Buffer.from(caBundle, "base64"));
    const leaf = new X509Certificate(tls.stringData["tls.crt"]!);
    expect(ca.ca).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkHost("trellis-injector.trellis-system.svc")).toBe("trellis-injector.trellis-system.svc");
    expect(leaf.checkPrivateKey(createPrivateKey(tls.stringData["tls.key"]!))).toBe(true);
    expect(leaf.keyUsage).toContain("1.3.6.1.5.5.7.3.1"); // serverAuth
  });

  it("takes the namespace, images and injector settings as flags", async () => {
    const r = await runCli([
      "install",
      "--join-token=trl_join_x",
      "--control-plane=https://t.example.com",
      "--namespace=mesh-system",
      "--proxy-image=registry.example/proxy:1",
      "--no-native-sidecar",
      "--failure-policy=Fail",
      "--gateway-api-crds",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const all = objects(r.stdout);
    expect(all.filter((o) => o.metadata.namespace).every((o) => o.metadata.namespace === "mesh-system")).toBe(
      true,
    );
    expect(find(all, "ConfigMap").data).toMatchObject({
      TRELLIS_PROXY_IMAGE: "registry.example/proxy:1",
      TRELLIS_NATIVE_SIDECAR: "false",
    });
    expect(find(all, "MutatingWebhookConfiguration").webhooks[0]!.failurePolicy).toBe("Fail");
    expect(all.filter((o) => o.kind === "CustomResourceDefinition")).toHaveLength(10);
    const leaf = new X509Certificate(find(all, "Secret", "trellis-injector-tls").stringData["tls.crt"]!);
    expect(leaf.checkHost("trellis-injector.mesh-system.svc")).toBeTruthy();
  });

  it("derives the control plane from TRELLIS_TUNNEL_URL, else from the API URL", async () => {
    const fromApi = await runCli(["install", "--join-token", "t"], {
      env: { TRELLIS_URL: "https://api.example.com" },
    });
    expect(find(objects(fromApi.stdout), "ConfigMap").data.TRELLIS_CONTROL_PLANE).toBe(
      "https://api.example.com:8443",
    );
    const fromTunnel = await runCli(["install"], {
      env: {
        TRELLIS_JOIN_TOKEN: "t",
        TRELLIS_URL: "https://api.example.com",
        TRELLIS_TUNNEL_URL: "https://tunnel.example.com:443",
      },
    });
    expect(find(objects(fromTunnel.stdout), "ConfigMap").data.TRELLIS_CONTROL_PLANE).toBe(
      "https://tunnel.example.com:443",
    );
  });

  it("prints Helm values with -o values", async () => {
    const r = await runCli([
      "install",
      "--join-token",
      "t",
      "--control-plane",
      "https://t.example.com",
      "-o",
      "values",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const values = parse(r.stdout) as {
      controlPlane: unknown;
      joinToken: { value: string };
      injector: { tls: { certificate: string } };
    };
    expect(values.controlPlane).toEqual({ url: "https://t.example.com" });
    expect(values.joinToken.value).toBe("t");
    expect(values.injector.tls.certificate).toContain("BEGIN CERTIFICATE");
    expect(r.stderr).toContain(
      "helm install trellis infra/kubernetes/chart -n trellis-system --create-namespace -f",
    );
  });

  it("names what is missing or wrong", async () => {
    const noToken = await runCli(["install", "--control-plane", "https://t.example.com"]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("--join-token is required");
    const noUrl = await runCli(["install", "--join-token", "t"]);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain("--control-plane is required");
    const bad = await runCli(["install", "--join-token", "t", "--control-plane", "tunnel.example.com"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--control-plane: must be an http:// or https:// URL");
    const policy = await runCli([
      "install",
      "--join-token",
      "t",
      "--control-plane",
      "https://t",
      "--failure-policy",
      "Sometimes",
    ]);
    expect(policy.code).toBe(2);
    expect(policy.stderr).toContain("--failure-policy:");
    const tls = await runCli([
      "install",
      "--join-token",
      "t",
      "--control-plane",
      "https://t",
      "--injector-tls",
      "acme",
    ]);
    expect(tls.code).toBe(2);
    expect(tls.stderr).toContain('--injector-tls: must be "files" or "mesh-ca", not "acme"');
  }, 90_000); // six CLI processes: generous on 2 busy cores

  it("--injector-tls mesh-ca: no certificate made here, the connector gets it from the mesh CA", async () => {
    const r = await runCli([
      "install",
      "--join-token=t",
      "--control-plane=https://t.example.com",
      "--injector-tls=mesh-ca",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const all = objects(r.stdout);
    expect(find(all, "ConfigMap").data.TRELLIS_WEBHOOK_TLS).toBe("mesh-ca");
    expect(
      all.find((o) => o.kind === "Secret" && o.metadata.name === "trellis-injector-tls"),
    ).toBeUndefined();
    expect(find(all, "MutatingWebhookConfiguration").webhooks[0]!.clientConfig.caBundle ?? "").toBe("");
    expect(r.stderr).toContain(
      "the connector gets the injector's certificate from the mesh CA once it joins",
    );
    // The same objects as the library renders for those values (and so as the chart).
    expect(all).toEqual(
      renderInstallObjects({
        controlPlane: { url: "https://t.example.com" },
        joinToken: { value: "t" },
        injector: { tls: { source: "mesh-ca" } },
      }),
    );
  });
});
