import { renderConnectorManifest, renderInstallObjects } from "@trellis/protocol/install";
import { describe, expect, it } from "vitest";
import { kubeSchemaErrors } from "./support/kube-schemas.ts";
import { parseObjects } from "./support/manifests.ts";

const everything = {
  controlPlane: { url: "https://tunnel.example.com:8443" },
  clusterName: "east",
  joinToken: { value: "trl_join_abc" },
  injector: {
    nativeSidecar: false,
    failurePolicy: "Fail" as const,
    tls: {
      certificate: "-----BEGIN CERTIFICATE-----\n",
      key: "-----BEGIN PRIVATE KEY-----\n",
      caBundle: "Zm9v",
    },
  },
  gatewayApi: { installCRDs: true },
};

describe("the install's objects against the Kubernetes schemas", () => {
  it("every object of a full install is valid, with no unknown field", async () => {
    const objects = renderInstallObjects(everything);
    expect(objects).toHaveLength(21); // namespace, 10 CRDs, 10 objects of the connector and injector
    for (const o of objects) expect(await kubeSchemaErrors(o), `${o.kind} ${o.metadata.name}`).toEqual([]);
  });

  it("the console's connector-only manifest is valid too", async () => {
    const objects = parseObjects(
      renderConnectorManifest({
        tunnelUrl: "https://t.example:8443",
        joinToken: "trl_join_x",
        clusterName: "east",
      }),
    );
    expect(objects.map((o) => o.kind)).not.toContain("MutatingWebhookConfiguration");
    for (const o of objects) expect(await kubeSchemaErrors(o), `${o.kind} ${o.metadata.name}`).toEqual([]);
  });

  it("the checker itself catches a wrong type and an unknown field", async () => {
    const [statefulSet] = renderInstallObjects(everything).filter((o) => o.kind === "StatefulSet");
    const broken = structuredClone(statefulSet!) as unknown as {
      spec: { replicas: unknown; template: { spec: Record<string, unknown> } };
    };
    broken.spec.replicas = "one";
    broken.spec.template.spec.serviceAcountName = "typo";
    const errors = await kubeSchemaErrors(broken as never);
    expect(errors.join("\n")).toMatch(/replicas must be integer/);
    expect(errors.join("\n")).toMatch(/serviceAcountName: unknown field of V1PodSpec/);
  });

  it("refuses values that cannot make an install, naming the value", () => {
    expect(() => renderInstallObjects({})).toThrow(/controlPlane.url: required/);
    expect(() => renderInstallObjects({ controlPlane: { url: "ftp://x" } })).toThrow(
      /controlPlane.url: must be an http/,
    );
    expect(() => renderInstallObjects({ ...everything, injector: { tls: { certificate: "x" } } })).toThrow(
      /injector.tls: give both certificate and key/,
    );
    expect(() => renderInstallObjects({ ...everything, namespace: "Not_A_Label" })).toThrow(/namespace:/);
  });
});
