import type { Readable, Writable } from "node:stream";

/** Where an attempt's request body comes from. */
export interface BodySource {
  /** Starts writing the body into `dst` (and ends it). */
  sendTo(dst: Writable): void;
  /** Stops feeding the current destination (its attempt was abandoned). */
  detach(): void;
  /** Whether a later attempt can get the whole body again. */
  readonly replayable: boolean;
}

/**
 * The body streamed once, with backpressure: the common, non-retrying case. Until it is
 * sent anywhere it can still go to another attempt — forwarders send a body only once
 * the connection is up, so an attempt that could not connect leaves it whole.
 */
export class StreamBody implements BodySource {
  private dst: Writable | undefined;
  constructor(private readonly src: Readable) {}

  get replayable(): boolean {
    return this.dst === undefined;
  }

  sendTo(dst: Writable): void {
    if (this.dst) throw new Error("a streamed body can be sent once");
    this.dst = dst;
    this.src.pipe(dst);
  }

  detach(): void {
    if (this.dst) this.src.unpipe(this.dst);
  }
}

/**
 * A body kept for replay while it streams to the first attempt (Linkerd's
 * `ReplayBody`): chunks are copied into memory up to `limit` bytes; beyond that the copy
 * is dropped and the body is no longer replayable, but the live stream goes on. A later
 * attempt gets the copy, then whatever still arrives. One destination at a time; its
 * backpressure pauses the source.
 */
export class ReplayBody implements BodySource {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private overflowed = false;
  private ended = false;
  private dst: Writable | undefined;
  private started = false;

  constructor(
    private readonly src: Readable,
    private readonly limit: number,
  ) {}

  get replayable(): boolean {
    return !this.overflowed;
  }

  sendTo(dst: Writable): void {
    if (this.started && this.overflowed) throw new Error("body too large to replay");
    this.dst = dst;
    for (const c of this.chunks) dst.write(c);
    if (this.ended) {
      dst.end();
      return;
    }
    if (!this.started) this.start();
    else if (this.src.isPaused()) this.src.resume();
  }

  detach(): void {
    this.dst = undefined;
  }

  private start(): void {
    this.started = true;
    this.src.on("data", (chunk: Buffer) => {
      if (!this.overflowed) {
        if (this.bytes + chunk.length > this.limit) {
          this.overflowed = true;
          this.chunks = [];
        } else {
          this.chunks.push(chunk);
          this.bytes += chunk.length;
        }
      }
      const dst = this.dst;
      if (dst && !dst.write(chunk)) {
        this.src.pause();
        dst.once("drain", () => {
          if (this.dst === dst) this.src.resume();
        });
      }
    });
    this.src.on("end", () => {
      this.ended = true;
      this.dst?.end();
    });
  }
}

/**
 * Copies a body to a side destination (a mirror) without ever slowing the source: the
 * copy is abandoned (`onOverflow`) once `maxBufferedBytes` wait unsent in it.
 */
export function teeBody(
  src: Readable,
  dst: Writable,
  maxBufferedBytes: number,
  onOverflow: () => void,
): () => void {
  let stopped = false;
  const onData = (chunk: Buffer) => {
    if (stopped) return;
    if (dst.writableLength + chunk.length > maxBufferedBytes) {
      stop();
      onOverflow();
      return;
    }
    dst.write(chunk);
  };
  const onEnd = () => {
    if (!stopped) dst.end();
    stop();
  };
  const stop = () => {
    stopped = true;
    src.off("data", onData);
    src.off("end", onEnd);
  };
  src.on("data", onData);
  src.on("end", onEnd);
  return stop;
}
