import { stringify } from "yaml";
import type { Terminal } from "./terminal.ts";

/** Prints rows as an aligned table with an upper-case header, like kubectl. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("   ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}

/** JSON for scripts: pretty, stable, one value. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** YAML of one value, or several documents separated by `---`. */
export function yaml(values: unknown[]): string {
  return values.map((v) => stringify(v, { lineWidth: 0 }).trimEnd()).join("\n---\n");
}

/** "3m", "2h", "5d": how long ago an ISO time was. */
export function age(iso: string | null | undefined, nowMs = Date.now()): string {
  if (!iso) return "-";
  const s = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

/** "in 23h", "in 12d", "3h ago": how far an ISO time is from now. */
export function fromNow(iso: string, nowMs = Date.now()): string {
  const ms = Date.parse(iso) - nowMs;
  const span = age(new Date(nowMs - Math.abs(ms)).toISOString(), nowMs);
  return ms >= 0 ? `in ${span}` : `${span} ago`;
}

/** What list and get commands print, like kubectl: `wide` adds columns, `name` prints `kind/name` lines. */
export const listFormats = ["table", "wide", "name", "yaml", "json"] as const;
export type ListFormat = (typeof listFormats)[number];

/**
 * Prints a value in the chosen format: json/yaml as is, `table`/`wide` through the
 * renderer (told which), `name` as the `kind/name` lines of `names` (one per object).
 */
export function print(
  term: Terminal,
  format: ListFormat,
  value: unknown,
  renderTable: (wide: boolean) => string,
  names: () => string[] = () => [],
): void {
  if (format === "json") term.out(json(value));
  else if (format === "yaml") term.out(yaml(Array.isArray(value) ? value : [value]));
  else if (format === "name") {
    const lines = names();
    if (lines.length > 0) term.out(lines.join("\n"));
  } else term.out(renderTable(format === "wide"));
}
