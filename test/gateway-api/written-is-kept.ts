/**
 * Where a stored value loses or changes something written: every key of `written` must be
 * in `stored` with an equal value (objects recursively, arrays element by element and of
 * the same length). Keys only in `stored` are defaults the server filled in. Pure; returns
 * the JSON pointers of each difference, empty when everything written was kept.
 */
export function writtenIsKept(written: unknown, stored: unknown, at = ""): string[] {
  if (Array.isArray(written)) {
    if (!Array.isArray(stored) || stored.length !== written.length) return [at || "/"];
    return written.flatMap((w, i) => writtenIsKept(w, stored[i], `${at}/${i}`));
  }
  if (written !== null && typeof written === "object") {
    if (stored === null || typeof stored !== "object" || Array.isArray(stored)) return [at || "/"];
    return Object.entries(written).flatMap(([k, w]) =>
      writtenIsKept(w, (stored as Record<string, unknown>)[k], `${at}/${k}`),
    );
  }
  return Object.is(written, stored) ? [] : [at || "/"];
}
