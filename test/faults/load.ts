import { getViaOutbound } from "@trellis/local/demo/http-json";

export type Outcome = { atMs: number; ms: number; status: number; reason: string };

/**
 * Open-loop traffic through one proxy's outbound listener: a request every `1000/rps`
 * ms whether or not the earlier ones answered (capped in flight), each bounded by
 * `timeoutMs` so a hang shows up as a failure ("hang") instead of stalling the test.
 * Every outcome is kept: status, why it failed (the proxy's `x-trellis-error`, an error
 * code, or the status) and how long it took.
 */
export class Load {
  readonly outcomes: Outcome[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly outbound: string,
    private readonly host: string,
    private readonly opts: { rps: number; timeoutMs?: number; path?: string } = { rps: 20 },
  ) {}

  start(): this {
    this.timer = setInterval(() => {
      if (this.inFlight.size >= 100) return;
      const p = this.one().finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }, 1000 / this.opts.rps);
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.inFlight]);
  }

  /** Outcomes since `fromMs` (Date.now() time). */
  since(fromMs = 0): Outcome[] {
    return this.outcomes.filter((o) => o.atMs >= fromMs);
  }

  failures(fromMs = 0): Outcome[] {
    return this.since(fromMs).filter((o) => o.status !== 200);
  }

  /** Failures counted by reason, e.g. `{ "upstream-connect": 2, hang: 1 }`. */
  byReason(fromMs = 0): Record<string, number> {
    const out: Record<string, number> = {};
    for (const f of this.failures(fromMs)) out[f.reason] = (out[f.reason] ?? 0) + 1;
    return out;
  }

  private async one(): Promise<void> {
    const atMs = Date.now();
    const started = performance.now();
    const timeoutMs = this.opts.timeoutMs ?? 10_000;
    try {
      const r = await getViaOutbound(this.outbound, this.host, this.opts.path ?? "/", {}, timeoutMs);
      const reason = r.status === 200 ? "" : String(r.headers["x-trellis-error"] ?? `status ${r.status}`);
      this.outcomes.push({ atMs, ms: performance.now() - started, status: r.status, reason });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const reason = /timed out/.test(e.message) ? "hang" : (e.code ?? e.message);
      this.outcomes.push({ atMs, ms: performance.now() - started, status: 0, reason });
    }
  }
}
