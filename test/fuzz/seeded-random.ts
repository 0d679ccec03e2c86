/** A small deterministic PRNG (mulberry32): the same seed gives the same run. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/**
 * Today's seed (UTC, as YYYYMMDD): one fixed seed per day, so a failure reproduces all day
 * and every day explores other inputs. `FUZZ_SEED` overrides it to replay a run.
 */
export function seedOfTheDay(env: Record<string, string | undefined>, now = new Date()): number {
  if (env.FUZZ_SEED) {
    const n = Number(env.FUZZ_SEED);
    if (!Number.isInteger(n)) throw new Error(`FUZZ_SEED must be an integer, got "${env.FUZZ_SEED}"`);
    return n;
  }
  return Number(now.toISOString().slice(0, 10).replaceAll("-", ""));
}
