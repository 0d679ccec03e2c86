// go-plugin's GRPCStdio: what the plugin writes to stdout/stderr after the handshake is
// streamed to the host (a plain pipe would mix it with the handshake and the log). Output
// written before the host opens the stream is kept, up to a bound, and sent first.

export type Channel = "STDOUT" | "STDERR";
export interface StdioChunk {
  channel: Channel;
  data: Buffer;
}

const maxBufferedBytes = 1 << 20;

export class StdioRelay {
  private buffered: StdioChunk[] = [];
  private bufferedBytes = 0;
  private sink: ((chunk: StdioChunk) => void) | undefined;

  /** Called by the patched `process.stdout/stderr.write`. */
  write(channel: Channel, data: Buffer): void {
    if (this.sink) {
      this.sink({ channel, data });
      return;
    }
    if (this.bufferedBytes + data.length > maxBufferedBytes) return; // the host never asked: drop
    this.buffered.push({ channel, data });
    this.bufferedBytes += data.length;
  }

  /** Attaches the host's stream (go-plugin opens it once); returns a detach function. */
  attach(sink: (chunk: StdioChunk) => void): () => void {
    for (const chunk of this.buffered) sink(chunk);
    this.buffered = [];
    this.bufferedBytes = 0;
    this.sink = sink;
    return () => {
      if (this.sink === sink) this.sink = undefined;
    };
  }
}

/** Sends everything the process writes to stdout and stderr through the relay. */
export function captureProcessOutput(relay: StdioRelay): void {
  const patch = (stream: NodeJS.WriteStream, channel: Channel) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      relay.write(channel, typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  };
  patch(process.stdout, "STDOUT");
  patch(process.stderr, "STDERR");
}
