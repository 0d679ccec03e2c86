import { readFileSync } from "node:fs";
import { join } from "node:path";
import { installValuesSchema } from "@trellis/protocol/install";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { packageDir } from "./support/manifests.ts";

const chart = join(packageDir, "chart");
const valuesYaml = parse(readFileSync(join(chart, "values.yaml"), "utf8")) as Record<string, unknown>;
const schema = JSON.parse(readFileSync(join(chart, "values.schema.json"), "utf8")) as object;
// Helm validates values against values.schema.json (draft-07) before rendering.
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat("uri", (v: string) => URL.canParse(v));
const validate = ajv.compile(schema);

describe("the chart's values", () => {
  it("values.yaml holds exactly the defaults of the install schema", () => {
    expect(valuesYaml).toEqual(installValuesSchema.parse({}));
  });

  it("values.schema.json accepts values.yaml and a full set of values", () => {
    expect(validate(valuesYaml)).toBe(true);
    const full = {
      controlPlane: { url: "https://t.example.com:8443" },
      joinToken: { value: "trl_join_x" },
      injector: {
        nativeSidecar: false,
        failurePolicy: "Fail",
        tls: { certificate: "c", key: "k", caBundle: "Y2E=" },
      },
      gatewayApi: { installCRDs: true },
    };
    expect(validate(full), JSON.stringify(validate.errors)).toBe(true);
  });

  it("values.schema.json refuses a misspelt or mistyped value, naming it", () => {
    expect(validate({ injector: { failurePolicy: "Sometimes" } })).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe("/injector/failurePolicy");
    expect(validate({ gatewayApi: { installCRDs: "yes" } })).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe("/gatewayApi/installCRDs");
    expect(validate({ controlPlane: { url: "tunnel.example.com" } })).toBe(false);
    expect(validate({ injectr: { nativeSidecar: false } })).toBe(false);
    expect(validate.errors?.[0]?.params).toEqual({ additionalProperty: "injectr" });
  });
});
