/** A location inside a JSON value, as keys and indexes from the root. */
export type JsonPath = (string | number)[];

/** Every location in `value`, the root included, depth first. Pure. */
export function allPaths(value: unknown, at: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [at];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...allPaths(v, [...at, i]));
  } else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) out.push(...allPaths(v, [...at, k]));
  return out;
}

export function valueAt(root: unknown, path: JsonPath): unknown {
  let v = root;
  for (const k of path) v = (v as Record<string | number, unknown>)?.[k];
  return v;
}

/** A copy of `root` with `replacement` at `path` (the root itself for an empty path). */
export function withValueAt(root: unknown, path: JsonPath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  // defineProperty, so a "__proto__" key becomes data rather than a prototype.
  Object.defineProperty(parent, path[path.length - 1]!, {
    value: replacement,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** The locations of `value` holding strings / plain objects. */
export const stringPaths = (value: unknown) =>
  allPaths(value).filter((p) => typeof valueAt(value, p) === "string");
export const objectPaths = (value: unknown) =>
  allPaths(value).filter((p) => {
    const v = valueAt(value, p);
    return v !== null && typeof v === "object" && !Array.isArray(v);
  });
