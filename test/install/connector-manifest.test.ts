import { parseConfig } from "@trellis/connector";
import { renderConnectorCommand, renderConnectorManifest } from "@trellis/protocol/install";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

// The manifest is checked at its boundaries: it must be valid Kubernetes YAML, grant only
// what discovery needs, and start a connector whose flags the real connector accepts.
const input = {
  tunnelUrl: "https://tunnel.example.com:8443",
  joinToken: 'trl_join_abc"quoted',
  clusterName: "east",
};

function docs(text: string) {
  return parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as {
      apiVersion: string;
      kind: string;
      metadata: { name: string; namespace?: string };
      [k: string]: unknown;
    };
  });
}

describe("the connector manifest", () => {
  it("is valid YAML with the objects a connector needs", () => {
    const all = docs(renderConnectorManifest(input));
    expect(all.map((d) => d.kind)).toEqual([
      "Namespace",
      "ServiceAccount",
      "ClusterRole",
      "ClusterRoleBinding",
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

  it("runs the connector with flags the real connector accepts, keeping the token out of argv", () => {
    const set = docs(renderConnectorManifest(input)).find((d) => d.kind === "StatefulSet") as unknown as {
      spec: { template: { spec: { containers: { args: string[]; env: { name: string }[] }[] } } };
    };
    const container = set.spec.template.spec.containers[0]!;
    expect(container.args.join(" ")).not.toContain("trl_join_");
    const config = parseConfig(container.args, { TRELLIS_JOIN_TOKEN: input.joinToken });
    expect(config).toMatchObject({ discovery: { mode: "kubernetes" }, joinToken: input.joinToken });
    expect(container.env.map((e) => e.name)).toContain("TRELLIS_JOIN_TOKEN");
  });

  it("the plain command is accepted by the connector too", () => {
    const command = renderConnectorCommand({ tunnelUrl: "http://127.0.0.1:8443", joinToken: "trl_join_x" });
    const argv = command.replace(/\\\n/g, " ").split(/\s+/).filter(Boolean).slice(1);
    expect(() => parseConfig(argv, {})).not.toThrow();
  });
});
