import { parseConfig } from "@trellis/connector";
import { type KubeObject, renderConnectorCommand, renderConnectorManifest } from "@trellis/protocol/install";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { type ContainerSpec, containerEnvironment } from "./container-env.ts";

// The console's connector-only manifest is checked at its boundaries: it must be valid
// Kubernetes YAML, grant only what discovery needs, and start a connector whose flags
// and environment the real connector accepts.
const input = {
  tunnelUrl: "https://tunnel.example.com:8443",
  joinToken: 'trl_join_abc"quoted',
  clusterName: "east",
};

function docs(text: string): KubeObject[] {
  return parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as KubeObject;
  });
}

function connectorContainer(all: KubeObject[]): ContainerSpec {
  const set = all.find((d) => d.kind === "StatefulSet") as unknown as {
    spec: { template: { spec: { containers: ContainerSpec[] } } };
  };
  return set.spec.template.spec.containers[0]!;
}

describe("the connector manifest", () => {
  it("is valid YAML with the objects a connector needs", () => {
    const all = docs(renderConnectorManifest(input));
    expect(all.map((d) => d.kind)).toEqual([
      "Namespace",
      "ServiceAccount",
      "ClusterRole",
      "ClusterRoleBinding",
      "ConfigMap",
      "Secret",
      "Service",
      "StatefulSet",
    ]);
    expect(all.every((d) => typeof d.apiVersion === "string" && d.metadata.name.length > 0)).toBe(true);
    const secret = all.find((d) => d.kind === "Secret") as unknown as { stringData: { token: string } };
    expect(secret.stringData.token).toBe(input.joinToken);
  });

  it("grants read-only access to services and endpointslices, nothing else", () => {
    const role = docs(renderConnectorManifest(input)).find((d) => d.kind === "ClusterRole") as unknown as {
      rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    };
    expect(role.rules.flatMap((r) => r.resources).sort()).toEqual(["endpointslices", "services"]);
    expect(new Set(role.rules.flatMap((r) => r.verbs))).toEqual(new Set(["get", "list", "watch"]));
  });

  it("runs the connector with flags and environment the real connector accepts, the token out of argv", () => {
    const all = docs(renderConnectorManifest(input));
    const container = connectorContainer(all);
    expect(container.args!.join(" ")).not.toContain("trl_join_");
    const env = containerEnvironment(all, container, { namespace: "trellis-system" });
    const config = parseConfig(container.args!, env);
    expect(config).toMatchObject({
      discovery: { mode: "kubernetes" },
      joinToken: input.joinToken,
      controlPlane: { url: input.tunnelUrl },
    });
  });

  it("the plain command is accepted by the connector too", () => {
    const command = renderConnectorCommand({ tunnelUrl: "http://127.0.0.1:8443", joinToken: "trl_join_x" });
    const argv = command.replace(/\\\n/g, " ").split(/\s+/).filter(Boolean).slice(1);
    expect(() => parseConfig(argv, {})).not.toThrow();
  });
});
