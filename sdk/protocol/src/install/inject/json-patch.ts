/** An RFC 6902 operation of the kinds the injector emits. */
export type JsonPatchOp =
  | { op: "add"; path: string; value: unknown }
  | { op: "replace"; path: string; value: unknown }
  | { op: "remove"; path: string };

/** One JSON-pointer segment (RFC 6901): `~` → `~0`, `/` → `~1`. */
export function pointerSegment(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

function segmentsOf(path: string): string[] {
  return path
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/**
 * Applies a patch to a copy of `doc` and returns it; throws on a path that does not
 * exist. What the API server does with the webhook's answer, for tests and `trellis inject`.
 */
export function applyJsonPatch<T>(doc: T, patch: readonly JsonPatchOp[]): T {
  const root = { value: structuredClone(doc) as unknown };
  for (const op of patch) {
    const segments = ["value", ...segmentsOf(op.path)];
    const last = segments.pop()!;
    let parent: unknown = root;
    for (const s of segments) {
      parent = (parent as Record<string, unknown>)?.[s];
      if (parent === null || typeof parent !== "object") throw new Error(`${op.path}: no such parent`);
    }
    if (Array.isArray(parent)) {
      const index = last === "-" ? parent.length : Number(last);
      if (!Number.isInteger(index) || index < 0 || index > parent.length)
        throw new Error(`${op.path}: bad index`);
      if (op.op === "add") parent.splice(index, 0, op.value);
      else if (op.op === "replace") parent[index] = op.value;
      else parent.splice(index, 1);
    } else {
      const record = parent as Record<string, unknown>;
      if (op.op !== "add" && !(last in record)) throw new Error(`${op.path}: no such member`);
      if (op.op === "remove") delete record[last];
      else record[last] = op.value;
    }
  }
  return root.value as T;
}
