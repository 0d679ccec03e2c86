/**
 * The texts of a `Warning` header (RFC 7234: `299 - "text", 299 - "other"`), unescaped.
 * The API sends one per thing it left out of a write, e.g. a Gateway parentRef.
 */
export function parseWarnings(header: string | null): string[] {
  if (!header) return [];
  const out: string[] = [];
  for (const m of header.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)) out.push(m[1]!.replace(/\\(.)/g, "$1"));
  return out;
}
