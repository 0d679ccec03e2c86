/** What every benchmark in test/bench/<name>/index.ts returns from `run()`. */
export interface BenchRow {
  metric: string;
  ours: number;
  reference: number;
  unit: string;
  note?: string;
}
export interface BenchResult {
  name: string;
  rows: BenchRow[];
}

/** ours / reference, or null when there is no reference to compare with. */
export function ratio(row: BenchRow): number | null {
  return row.reference > 0 ? row.ours / row.reference : null;
}

export function formatTable(results: BenchResult[]): string {
  const lines = [["benchmark", "metric", "ours", "reference", "unit", "ratio", "note"]];
  for (const r of results) {
    for (const row of r.rows) {
      const x = ratio(row);
      lines.push([
        r.name,
        row.metric,
        fmt(row.ours),
        row.reference > 0 ? fmt(row.reference) : "—",
        row.unit,
        x === null ? "—" : `${x.toFixed(2)}×`,
        row.note ?? "",
      ]);
    }
  }
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines
    .map((l) =>
      l
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function fmt(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
}
