/**
 * Weighted choice over backendRefs (Gateway API: a ref's share is weight / sum of
 * weights; weight 0 never receives traffic). Cumulative sums are computed once per
 * compiled rule so a pick is one random number and a short scan.
 */
export type WeightedTable<T> = { items: readonly T[]; cumulative: readonly number[]; total: number };

export function weightedTable<T>(items: readonly T[], weightOf: (item: T) => number): WeightedTable<T> {
  const kept: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const item of items) {
    const w = weightOf(item);
    if (!(w > 0)) continue;
    total += w;
    kept.push(item);
    cumulative.push(total);
  }
  return { items: kept, cumulative, total };
}

/** Picks one item; `random` in [0, 1). Undefined when every weight is 0. */
export function pickWeighted<T>(table: WeightedTable<T>, random: number = Math.random()): T | undefined {
  const n = table.items.length;
  if (n === 0) return undefined;
  if (n === 1) return table.items[0];
  const target = random * table.total;
  for (let i = 0; i < n; i++) {
    if (target < table.cumulative[i]!) return table.items[i];
  }
  return table.items[n - 1];
}
