/** The keys of `RequestOptions`, which every method's options object may carry. */
export const requestOptionKeys = ["signal", "idempotencyKey"] as const;
/** Plus a page request's. */
export const pageOptionKeys = [...requestOptionKeys, "limit", "cursor"] as const;
/** Plus an iteration's. */
export const iterateOptionKeys = [...requestOptionKeys, "pageSize"] as const;

/**
 * Refuses an options object with a key the method does not know. TypeScript catches these
 * for typed callers; a JavaScript caller (or a cast) would otherwise be silently ignored —
 * `list({ kind: "HTTPRoute" })` listing every kind. Returns the options (or `{}`).
 */
export function checkOptions<T extends object>(
  method: string,
  options: T | undefined,
  allowed: readonly string[],
): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== "object" || Array.isArray(options))
    throw new TypeError(
      `${method}: options must be an object, got ${Array.isArray(options) ? "an array" : typeof options}`,
    );
  const unknown = Object.keys(options).filter((k) => !allowed.includes(k));
  if (unknown.length > 0)
    throw new TypeError(
      `${method}: unknown option${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")} (it takes ${allowed.join(", ")})`,
    );
  return options;
}
