import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type KubeObject, objectKey } from "@trellis/protocol/install";
import { parseAllDocuments } from "yaml";
import { type HelmScope, renderTemplate } from "./mini-helm.ts";

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** Every object of a YAML stream (empty documents, e.g. a false `if`, are dropped). */
export function parseObjects(text: string): KubeObject[] {
  return parseAllDocuments(text).flatMap((d) => {
    if (d.errors.length > 0) throw new Error(d.errors.map((e) => e.message).join("\n"));
    const value = d.toJS() as KubeObject | null;
    return value ? [value] : [];
  });
}

/** `kubectl kustomize <dir>`: what `kubectl apply -k` would send. */
export function kustomize(dir: string): KubeObject[] {
  try {
    return parseObjects(execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8" }));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT")
      throw new Error("kubectl is needed to test the kustomize base (kubectl kustomize)");
    throw err;
  }
}

/** The chart rendered with `values` over values.yaml, like `helm template -f`. */
export function helmTemplate(values: Record<string, unknown>, namespace = "trellis-system"): KubeObject[] {
  const chart = join(packageDir, "chart");
  const defaults = parseObjects(readFileSync(join(chart, "values.yaml"), "utf8"))[0] as unknown;
  const scope: HelmScope = { Values: deepMerge(defaults, values), Release: { Namespace: namespace } };
  const templates = readdirSync(join(chart, "templates"))
    .filter((f) => f.endsWith(".yaml"))
    .sort();
  return templates.flatMap((f) =>
    parseObjects(renderTemplate(readFileSync(join(chart, "templates", f), "utf8"), scope)),
  );
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isRecord(base) || !isRecord(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Objects by `Kind/namespace/name`, for order-independent comparison. */
export function byKey(objects: KubeObject[]): Record<string, KubeObject> {
  const out: Record<string, KubeObject> = {};
  for (const o of objects) {
    const key = objectKey(o);
    if (out[key]) throw new Error(`duplicate object ${key}`);
    out[key] = o;
  }
  return out;
}
