import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  applyJsonPatch,
  defaultInjectionSettings,
  type KubeObject,
  type PodLike,
  planInjection,
} from "@trellis/protocol/install";
import { describe, expect, it } from "vitest";
import { kubeSchemaErrors } from "./support/kube-schemas.ts";
import { packageDir, parseObjects } from "./support/manifests.ts";

// What the injector adds must itself be valid Kubernetes: each sample workload, injected
// both ways, is checked against the Kubernetes schemas with no unknown field.
const workloads = parseObjects(readFileSync(join(packageDir, "samples/workloads.yaml"), "utf8"));

function injected(o: KubeObject, nativeSidecar: boolean): KubeObject {
  const template = o.kind !== "Pod";
  const pod = (template ? (o.spec as { template: PodLike }).template : o) as PodLike;
  const plan = planInjection(
    pod,
    { ...defaultInjectionSettings(), nativeSidecar },
    { workloadName: o.metadata.name },
  );
  if (plan.action !== "inject") throw new Error(`${o.kind} ${o.metadata.name}: ${plan.action}`);
  const patch = plan.patch.map((op) => ({ ...op, path: `${template ? "/spec/template" : ""}${op.path}` }));
  return applyJsonPatch(o, patch);
}

describe("injected workloads against the Kubernetes schemas", () => {
  for (const nativeSidecar of [true, false]) {
    it(`are valid with the proxy as a ${nativeSidecar ? "native sidecar" : "regular container"}`, async () => {
      const kinds = workloads.filter((o) => o.kind !== "Service");
      expect(kinds.map((o) => o.kind)).toEqual(["Deployment", "StatefulSet", "DaemonSet", "Pod"]);
      for (const o of kinds) {
        const result = injected(o, nativeSidecar);
        expect(await kubeSchemaErrors(result), `${o.kind} ${o.metadata.name}`).toEqual([]);
      }
    });
  }
});
