/** RFC 7386 JSON merge patch: objects merge, `null` deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target !== null && typeof target === "object" && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

type Op = { op: string; path: string; value?: unknown };

/** RFC 6902 JSON patch (add, replace, remove, test); throws with the failing operation. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new Error("a JSON patch is an array of operations");
  const doc = structuredClone(target);
  for (const op of ops as Op[]) {
    const parts = op.path
      .split("/")
      .slice(1)
      .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
    const last = parts.pop();
    if (last === undefined) throw new Error(`${op.op} ${op.path}: the root cannot be patched`);
    let parent = doc as Record<string, unknown>;
    for (const p of parts) {
      const next = parent?.[p];
      if (next === null || typeof next !== "object") throw new Error(`${op.op} ${op.path}: no such path`);
      parent = next as Record<string, unknown>;
    }
    const key = Array.isArray(parent) && last === "-" ? String(parent.length) : last;
    if (op.op === "test") {
      if (JSON.stringify(parent[key]) !== JSON.stringify(op.value)) throw new Error(`test ${op.path} failed`);
    } else if (op.op === "remove") {
      if (!(key in parent)) throw new Error(`remove ${op.path}: no such path`);
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (op.op === "replace" || op.op === "add") {
      if (op.op === "replace" && !(key in parent)) throw new Error(`replace ${op.path}: no such path`);
      if (Array.isArray(parent) && op.op === "add") parent.splice(Number(key), 0, op.value);
      else parent[key] = op.value;
    } else throw new Error(`unsupported JSON patch operation ${op.op}`);
  }
  return doc;
}
