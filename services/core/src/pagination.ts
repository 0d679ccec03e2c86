import { and, type Column, eq, gt, or, type SQL } from "drizzle-orm";
import { invalid } from "./errors.ts";

/** Cursors are opaque to clients: base64url JSON of the last row's sort key. */
export interface CursorKey {
  /** The primary sort value (an ISO time or a name). */
  k: string;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): CursorKey | null {
  if (cursor === undefined) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<CursorKey>;
    if (typeof parsed.k === "string" && typeof parsed.id === "string") return { k: parsed.k, id: parsed.id };
  } catch {
    // fall through to the error below
  }
  throw invalid("the cursor is not valid; pass back the nextCursor of the previous page", [
    { pointer: "/cursor", detail: "malformed cursor" },
  ]);
}

/** `(sortColumn, id) > cursor` for keyset pagination in ascending order. */
export function afterCursor(
  sortColumn: Column,
  idColumn: Column,
  key: CursorKey | null,
  asDate: boolean,
): SQL | undefined {
  if (!key) return undefined;
  const k = asDate ? new Date(key.k) : key.k;
  return or(gt(sortColumn, k), and(eq(sortColumn, k), gt(idColumn, key.id)));
}

/** Cuts a `limit + 1` fetch into a page and its next cursor. */
export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T, key: (row: R) => CursorKey) {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(map), nextCursor: more && last ? encodeCursor(key(last)) : null };
}
