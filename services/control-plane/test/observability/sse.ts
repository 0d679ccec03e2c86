/** A tiny Server-Sent Events reader over fetch, for tests: collects events as they arrive. */
export class SseClient {
  readonly events: { event: string; data: string }[] = [];
  readonly done: Promise<void>;
  status = 0;
  body = "";
  private readonly abort = new AbortController();

  constructor(url: string, headers: Record<string, string>) {
    this.done = this.read(url, headers).catch((err: Error) => {
      if (err.name !== "AbortError") throw err;
    });
  }

  close(): void {
    this.abort.abort();
  }

  of(event: string): unknown[] {
    return this.events.filter((e) => e.event === event).map((e) => JSON.parse(e.data));
  }

  private async read(url: string, headers: Record<string, string>): Promise<void> {
    const res = await fetch(url, { headers, signal: this.abort.signal });
    this.status = res.status;
    if (!res.ok || !res.body) {
      this.body = await res.text();
      return;
    }
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let cut = buffer.indexOf("\n\n");
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = "message";
        const data: string[] = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
        }
        if (data.length > 0) this.events.push({ event, data: data.join("\n") });
        cut = buffer.indexOf("\n\n");
      }
    }
  }
}
