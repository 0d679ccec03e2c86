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

/**
 * Picks one item among those `serves` accepts, by their weights: a backend with nothing
 * to send to (its only proxy died) is skipped instead of failing its share of requests.
 * The common case — the first pick serves — costs one extra call. When none serves, the
 * plain pick is returned, so the request fails as it would have.
 */
export function pickWeightedServing<T>(
  table: WeightedTable<T>,
  serves: (item: T) => boolean,
  random: () => number = Math.random,
): T | undefined {
  const first = pickWeighted(table, random());
  if (first === undefined || table.items.length === 1 || serves(first)) return first;
  const serving = weightedTable(
    table.items.map((item, i) => ({ item, i })),
    ({ item, i }) => (serves(item) ? table.cumulative[i]! - (i > 0 ? table.cumulative[i - 1]! : 0) : 0),
  );
  return pickWeighted(serving, random())?.item ?? first;
}
