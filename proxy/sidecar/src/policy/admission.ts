/**
 * The request limits of a CircuitBreaker for one destination service, after Envoy's
 * cluster circuit breakers: at most `maxConcurrentRequests` requests in flight; an
 * HTTP/1.1 request also holds one connection for its whole life, so HTTP/1.1 requests
 * in flight are capped by `maxConnections` too (HTTP/2 and gRPC share one multiplexed
 * connection per endpoint). A request over a limit waits in a FIFO queue of at most
 * `maxPendingRequests`; when that is full it is refused at once (the caller answers
 * 503 `circuit-open`) — fast failure instead of piling load onto a struggling service.
 */
export type AdmissionLimits = {
  maxConcurrentRequests: number;
  maxConnections: number;
  maxPendingRequests: number;
};

export const unlimited: AdmissionLimits = {
  maxConcurrentRequests: Number.POSITIVE_INFINITY,
  maxConnections: Number.POSITIVE_INFINITY,
  maxPendingRequests: 0,
};

type Waiter = { h1: boolean; admit: () => void; cancelled: boolean };

/** A slot in the gate; `release` must be called exactly once when the request ends. */
export type Ticket = { release(): void };

export class AdmissionGate {
  private active = 0;
  private activeH1 = 0;
  private readonly queue: Waiter[] = [];

  constructor(public limits: AdmissionLimits) {}

  /**
   * Admits now (`admitted`, `admit` already called), queues (`admit` called later;
   * `cancel` removes it) or refuses (`rejected`).
   */
  enter(
    h1: boolean,
    admit: (ticket: Ticket) => void,
  ): { state: "admitted" | "rejected" } | { state: "queued"; cancel: () => void } {
    if (this.queue.length === 0 && this.fits(h1)) {
      admit(this.take(h1));
      return { state: "admitted" };
    }
    if (this.queue.length >= this.limits.maxPendingRequests) return { state: "rejected" };
    const waiter: Waiter = { h1, admit: () => admit(this.take(h1)), cancelled: false };
    this.queue.push(waiter);
    return {
      state: "queued",
      cancel: () => {
        waiter.cancelled = true;
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
      },
    };
  }

  get inFlight(): number {
    return this.active;
  }

  get pending(): number {
    return this.queue.length;
  }

  private fits(h1: boolean): boolean {
    if (this.active >= this.limits.maxConcurrentRequests) return false;
    return !h1 || this.activeH1 < this.limits.maxConnections;
  }

  private take(h1: boolean): Ticket {
    this.active++;
    if (h1) this.activeH1++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.active--;
        if (h1) this.activeH1--;
        this.drainQueue();
      },
    };
  }

  private drainQueue(): void {
    while (this.queue.length > 0 && this.fits(this.queue[0]!.h1)) {
      const next = this.queue.shift()!;
      if (!next.cancelled) next.admit();
    }
  }
}
