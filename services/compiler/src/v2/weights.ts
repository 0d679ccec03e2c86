/** Every route's backend weights add up to this (basis points, 1 = 0.01 %). */
export const totalWeight = 10_000;

/**
 * Gateway API weights (any non-negative integers; a backend's share is its weight over
 * the sum) as basis points summing to exactly 10,000, by the largest-remainder method:
 * floor every share, then hand the leftover points to the largest fractions (ties to the
 * earlier backend). A backend with a positive weight keeps at least 1 point, taken from
 * the largest share: an operator who gave a canary weight 1 of 1,000,001 expects it to see
 * some traffic, and 0.01 % is the nearest the snapshot can say. Zero weights are dropped.
 * Returns the kept items with their points, in input order.
 */
export function toBasisPoints<T>(
  items: readonly { item: T; weight: number }[],
): { item: T; weight: number }[] {
  const kept = items.filter((x) => x.weight > 0);
  const sum = kept.reduce((s, x) => s + x.weight, 0);
  if (kept.length === 0) return [];
  const exact = kept.map((x) => (x.weight * totalWeight) / sum);
  const points = exact.map(Math.floor);
  let left = totalWeight - points.reduce((s, p) => s + p, 0);
  const byRemainder = exact
    .map((e, i) => ({ i, r: e - Math.floor(e) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    points[i]! += 1;
    left -= 1;
  }
  for (let i = 0; i < points.length; i++) {
    if (points[i]! > 0) continue;
    const largest = points.indexOf(Math.max(...points));
    points[largest]! -= 1;
    points[i] = 1;
  }
  return kept.map((x, i) => ({ item: x.item, weight: points[i]! }));
}
