import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type InstallOptions, type KubeObject, renderInstallObjects } from "@trellis/protocol/install";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { staleFiles } from "../scripts/gen.ts";
import { byKey, helmTemplate, kustomize, packageDir } from "./support/manifests.ts";
import { renderTemplate } from "./support/mini-helm.ts";

// One TypeScript source renders three ways to install; each is compared, object by
// object, with what `trellis install` prints for the same values.
const url = "https://tunnel.example.com:8443";
const tls = {
  certificate: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
  key: "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n",
  caBundle: Buffer.from("-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n").toString("base64"),
};
const full = {
  controlPlane: { url },
  joinToken: { value: 'trl_join_"quoted"&<x>' },
  injector: { tls },
  gatewayApi: { installCRDs: true },
} satisfies InstallOptions;

/**
 * Secrets as the API server stores them: stringData folded into base64 data (kustomize
 * wraps long base64 over lines, which decoding ignores).
 */
function stored(objects: KubeObject[]): Record<string, KubeObject> {
  return byKey(
    objects.map((o) => {
      if (o.kind !== "Secret") return o;
      const {
        stringData = {},
        data = {},
        ...rest
      } = o as KubeObject & Record<"stringData" | "data", Record<string, string>>;
      const decoded = Object.fromEntries([
        ...Object.entries(data).map(([k, v]) => [k, Buffer.from(v.replace(/\s/g, ""), "base64").toString()]),
        ...Object.entries(stringData),
      ]);
      return { ...rest, data: decoded };
    }),
  );
}

const withoutNamespace = (objects: KubeObject[]) => objects.filter((o) => o.kind !== "Namespace");

describe("the generated chart and kustomize base", () => {
  it("are what the sources render today (else: npm run gen -w @trellis/kubernetes)", () => {
    expect(staleFiles()).toEqual([]);
  });

  it("the chart equals `trellis install` for the same values, with every optional part on or off", () => {
    const cases: InstallOptions[] = [
      { controlPlane: { url } },
      full,
      {
        ...full,
        clusterName: "east",
        injector: { ...full.injector, nativeSidecar: false, failurePolicy: "Fail" },
      },
    ];
    for (const values of cases) {
      expect(stored(helmTemplate(values))).toEqual(stored(withoutNamespace(renderInstallObjects(values))));
    }
    expect(stored(helmTemplate({ controlPlane: { url } }, "mesh-system"))).toEqual(
      stored(withoutNamespace(renderInstallObjects({ controlPlane: { url }, namespace: "mesh-system" }))),
    );
  });

  it("the values `trellis install -o values` prints render through the chart to the install it prints", () => {
    const cli = join(packageDir, "../../sdk/cli/bin/trellis.mjs");
    const args = [
      "install",
      "--join-token=trl_join_v",
      "--control-plane",
      url,
      "--gateway-api-crds",
      "-o",
      "values",
    ];
    const printed = parse(
      execFileSync(process.execPath, [cli, ...args], { encoding: "utf8", env: { PATH: process.env.PATH } }),
    );
    expect(stored(helmTemplate(printed))).toEqual(stored(withoutNamespace(renderInstallObjects(printed))));
    expect(helmTemplate(printed).filter((o) => o.kind === "Secret")).toHaveLength(2);
  });

  it("the chart refuses to render without the control plane's URL", () => {
    expect(() => helmTemplate({})).toThrow(/controlPlane.url is required/);
  });

  it("the template renderer refuses constructs the chart must not need", () => {
    const scope = { Values: { a: 1 }, Release: { Namespace: "x" } };
    expect(() => renderTemplate("{{ .Values.a | b64enc }}", scope)).toThrow(/unsupported template function/);
    expect(() => renderTemplate('{{ include "x" . }}', scope)).toThrow(/unsupported template expression/);
    expect(renderTemplate("a: {{ .Values.a | toJson }}", scope)).toBe("a: 1");
  });
});

describe("a kustomize overlay on the base, as the README writes it", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "trellis-kustomize-"));
    const base = relative(dir, join(packageDir, "base"));
    const component = relative(dir, join(packageDir, "components/gateway-api-crds"));
    await writeFile(join(dir, "tls.crt"), tls.certificate);
    await writeFile(join(dir, "tls.key"), tls.key);
    const caPatch = [0, 1]
      .map(
        (i) =>
          `      - op: replace\n        path: /webhooks/${i}/clientConfig/caBundle\n        value: ${tls.caBundle}`,
      )
      .join("\n");
    await writeFile(
      join(dir, "kustomization.yaml"),
      `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ${base}
components:
  - ${component}
generatorOptions:
  disableNameSuffixHash: true
  labels:
    app.kubernetes.io/part-of: trellis
secretGenerator:
  - name: trellis-join-token
    namespace: trellis-system
    literals:
      - token=${full.joinToken.value}
  - name: trellis-injector-tls
    namespace: trellis-system
    type: kubernetes.io/tls
    files:
      - tls.crt
      - tls.key
patches:
  - target: { kind: ConfigMap, name: trellis-connector }
    patch: |-
      - op: replace
        path: /data/TRELLIS_CONTROL_PLANE
        value: ${url}
  - target: { kind: MutatingWebhookConfiguration, name: trellis-proxy-injector }
    patch: |-
${caPatch}
`,
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("renders exactly the install `trellis install` prints for those values", () => {
    expect(stored(kustomize(dir))).toEqual(stored(renderInstallObjects(full)));
  });

  it("the bare base is the chart's defaults plus the namespace, with no Secret", () => {
    const base = kustomize(join(packageDir, "base"));
    expect(base.filter((o) => o.kind === "Secret")).toEqual([]);
    const configMap = base.find((o) => o.kind === "ConfigMap") as KubeObject & {
      data: Record<string, string>;
    };
    expect(configMap.data.TRELLIS_CONTROL_PLANE).toBe("");
    configMap.data.TRELLIS_CONTROL_PLANE = url;
    expect(stored(withoutNamespace(base))).toEqual(stored(helmTemplate({ controlPlane: { url } })));
  });
});
