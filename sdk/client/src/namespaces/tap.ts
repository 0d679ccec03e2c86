import type { TapEnded as TapEndEvent, TapEndReason, TapEvent, TapStarted } from "@trellis/protocol/api";
import { TrellisNetworkError } from "../errors.ts";
import { operations } from "../operations.ts";
import { checkOptions } from "../options.ts";
import { readEventStream } from "../sse.ts";
import type { Transport } from "../transport.ts";

// The SSE payloads (`start`, `tap`, `end`) are the protocol's `TapStarted`, `TapEvent` and
// `TapEnded` (`@trellis/protocol/api`); only `TapEnded` is widened here, by `aborted`.

/** Why a tap ended, with its counts: the server's `end` event, or `aborted` by the caller's signal. */
export type TapEnded = Omit<TapEndEvent, "reason"> & {
  /**
   * `max_events`, `max_duration`, `client_closed`, `shutdown` (from the server), or
   * `aborted` when the caller's signal ended it.
   */
  reason: TapEndReason | "aborted";
};

/** What `client.tap(mesh, options)` takes. */
export interface TapOptions {
  /** The service to tap (required). */
  service: string;
  /** Its namespace, when the name is ambiguous. */
  namespace?: string;
  /** Only requests whose path starts with this, e.g. `/api`. */
  path?: string;
  /** Stop after this many events (server default 100, at most 1000). */
  max?: number;
  /** Stop after this many seconds (server default 30, at most 300). */
  seconds?: number;
  /** Ends the tap; the iteration then finishes without an error. */
  signal?: AbortSignal;
  /** Called once the server confirms the tap started. */
  onStart?: (started: TapStarted) => void;
}

/**
 * A live tap: iterate it for the events; it finishes when the server ends the tap (a bound
 * was hit) or the signal aborts. `break` ends the tap on the server too. Taps are not
 * resumed after a dropped connection (the iteration throws `TrellisNetworkError`): each is
 * bounded and audited, so a new one is a deliberate act.
 */
export class TapStream implements AsyncIterable<TapEvent> {
  /** Set once the `start` event arrived. */
  started: TapStarted | undefined;
  /** Set once the tap ended (the server's `end` event, or `aborted`). */
  ended: TapEnded | undefined;
  /** The last SSE `id:` the server sent, if any. */
  lastEventId = "";
  private delivered = 0;
  private used = false;

  /** @internal */
  constructor(
    private readonly t: Transport,
    private readonly mesh: string,
    private readonly options: TapOptions,
  ) {
    checkOptions("tap", options, ["service", "namespace", "path", "max", "seconds", "signal", "onStart"]);
  }

  [Symbol.asyncIterator](): AsyncIterator<TapEvent> {
    if (this.used) throw new TypeError("a TapStream can be iterated once; call client.tap() again");
    this.used = true;
    return this.events();
  }

  private async *events(): AsyncGenerator<TapEvent> {
    const { signal } = this.options;
    // Ours, so that a `break` (generator return) also closes the connection.
    const local = new AbortController();
    const combined = signal ? AbortSignal.any([signal, local.signal]) : local.signal;
    try {
      const res = await this.open(combined);
      if (!res.body)
        throw new TrellisNetworkError(`GET ${this.path()}`, new Error("the response has no body"));
      for await (const e of readEventStream(res.body)) {
        this.lastEventId = e.lastEventId;
        if (e.event === "tap") {
          this.delivered += 1;
          yield JSON.parse(e.data) as TapEvent;
        } else if (e.event === "start") {
          this.started = JSON.parse(e.data) as TapStarted;
          this.options.onStart?.(this.started);
        } else if (e.event === "end") {
          this.ended = JSON.parse(e.data) as TapEndEvent;
          return;
        }
        // Other event names are for newer clients: ignored.
      }
      throw new TrellisNetworkError(
        `GET ${this.path()}`,
        new Error("the tap stream closed before its end event"),
      );
    } catch (err) {
      if (!signal?.aborted) throw err;
      this.ended = { reason: "aborted", delivered: this.delivered, dropped: 0 };
    } finally {
      local.abort();
    }
  }

  private open(signal: AbortSignal): Promise<Response> {
    const { service, namespace, path, max, seconds } = this.options;
    return this.t.stream(operations.tap, {
      params: { mesh: this.mesh },
      query: { service, namespace, path, max, seconds },
      headers: { accept: "text/event-stream" },
      signal,
    });
  }

  private path(): string {
    return `/v1/meshes/${encodeURIComponent(this.mesh)}/tap`;
  }
}
