/**
 * Counters of policy events that are not per edge: outlier ejections per destination
 * service and mirrored requests per shadow service and result. Keys are
 * `namespace/name` (and `|result`); read at scrape time.
 */
export type MirrorResult = "sent" | "dropped" | "failed";

export class PolicyCounters {
  readonly ejections = new Map<string, number>();
  readonly mirrors = new Map<string, number>();

  ejected(serviceKey: string): void {
    this.ejections.set(serviceKey, (this.ejections.get(serviceKey) ?? 0) + 1);
  }

  mirror(serviceKey: string, result: MirrorResult): void {
    const key = `${serviceKey}|${result}`;
    this.mirrors.set(key, (this.mirrors.get(key) ?? 0) + 1);
  }
}
