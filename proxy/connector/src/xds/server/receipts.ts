/**
 * What one xDS stream has applied, per resource type, in snapshot versions — the same
 * receipt a trellis-proxy gives with Ack/Nack. A response is applied when its nonce is
 * ACKed; a type with nothing to send for a new snapshot is current as soon as nothing
 * is in flight. The stream's applied version is the oldest over the types it asked for.
 */
export class TypeReceipts {
  private acked = 0;
  /** nonce → snapshot version of responses not answered yet. */
  private readonly pending = new Map<string, number>();
  /** A snapshot version for which this type needed no response. */
  private unchangedAt = 0;
  /** The last response was refused: "no change" now means "still refused", not "current". */
  private refused = false;

  sent(nonce: string, version: number, supersedes: boolean): void {
    if (supersedes) this.pending.clear(); // state of the world: only the newest nonce counts
    this.pending.set(nonce, version);
  }

  /** Whether `nonce` is one we sent and have not heard about (else: stale, ignore). */
  isPending(nonce: string): boolean {
    return this.pending.has(nonce);
  }

  /** An ACK; returns the snapshot version it confirms. */
  ack(nonce: string): number | null {
    const version = this.pending.get(nonce);
    if (version === undefined) return null;
    this.pending.delete(nonce);
    this.acked = Math.max(this.acked, version);
    this.refused = false;
    return version;
  }

  /** A NACK; returns the refused snapshot version. The type stays at what it had. */
  nack(nonce: string): number | null {
    const version = this.pending.get(nonce);
    if (version === undefined) return null;
    this.pending.delete(nonce);
    this.refused = true;
    return version;
  }

  unchanged(version: number): void {
    if (!this.refused) this.unchangedAt = Math.max(this.unchangedAt, version);
  }

  get applied(): number {
    return this.pending.size === 0 ? Math.max(this.acked, this.unchangedAt) : this.acked;
  }

  get inFlight(): boolean {
    return this.pending.size > 0;
  }
}
