/**
 * A Server-Sent Events reader over `fetch` (WHATWG HTML, "Parsing an event stream"), for
 * Node ≥ 20 and browsers alike: no EventSource, because EventSource cannot send an
 * `Authorization` header and reconnects on its own, which a bounded, audited tap must not.
 */

/** One dispatched event of an event stream. */
export interface ServerSentEvent {
  /** The `event:` field; `message` when the server named none. */
  event: string;
  /** The `data:` lines, joined with `\n`. */
  data: string;
  /** The last `id:` seen in the stream so far (ids persist across events, per the spec). */
  lastEventId: string;
  /** The `retry:` field of this event, in ms, when it had one. */
  retryMs?: number;
}

/**
 * An incremental event-stream parser: feed it text as it arrives, in chunks cut anywhere
 * (inside a line, between `\r` and `\n`), and it returns the events completed so far. Pure.
 */
export class SseParser {
  private buffer = "";
  /** A chunk ended on `\r`: a `\n` starting the next one belongs to the same line break. */
  private pendingCr = false;
  private eventType = "";
  private data: string[] = [];
  private retryMs: number | undefined;
  private lastEventId = "";

  /** Adds text; returns the events whose terminating blank line arrived. */
  push(text: string): ServerSentEvent[] {
    if (text === "") return [];
    let chunk = text;
    if (this.pendingCr && chunk.startsWith("\n")) chunk = chunk.slice(1);
    this.pendingCr = false;
    this.buffer += chunk;
    const events: ServerSentEvent[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      if (!m) break;
      // A lone `\r` at the very end may be the first half of `\r\n`: settle it now, and
      // swallow the `\n` if the next chunk starts with one.
      if (m[0] === "\r" && m.index === this.buffer.length - 1) this.pendingCr = true;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  /** The stream ended: an incomplete last event is discarded, as the spec says. */
  end(): void {
    this.buffer = "";
    this.data = [];
    this.eventType = "";
    this.retryMs = undefined;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return undefined; // a comment (keep-alive)
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        this.eventType = value;
        break;
      case "data":
        this.data.push(value);
        break;
      case "id":
        if (!value.includes("\u0000")) this.lastEventId = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      // Unknown fields are ignored.
    }
    return undefined;
  }

  private dispatch(): ServerSentEvent | undefined {
    const data = this.data;
    const event = this.eventType || "message";
    const retryMs = this.retryMs;
    this.data = [];
    this.eventType = "";
    this.retryMs = undefined;
    // No data lines: nothing to dispatch (an `id:`-only block still updated lastEventId).
    if (data.length === 0) return undefined;
    return {
      event,
      data: data.join("\n"),
      lastEventId: this.lastEventId,
      ...(retryMs === undefined ? {} : { retryMs }),
    };
  }
}

/**
 * The events of a response body, as they arrive. Uses `getReader()` rather than async
 * iteration of the stream, which not every browser offers. Stopping the loop early
 * (`break`, `return`) cancels the body, so the server sees the client leave.
 */
export async function* readEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8");
  const parser = new SseParser();
  let done = false;
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) {
        done = true;
        yield* parser.push(decoder.decode());
        parser.end();
        return;
      }
      // stream: true keeps a multi-byte character split across chunks whole.
      yield* parser.push(decoder.decode(chunk.value, { stream: true }));
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
