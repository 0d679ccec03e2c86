import { describe, expect, it } from "vitest";
import { readEventStream, type ServerSentEvent, SseParser } from "./sse.ts";

/** Feeds `text` cut at every given offset; returns every event. */
function parseInPieces(text: string, cuts: number[]): ServerSentEvent[] {
  const parser = new SseParser();
  const events: ServerSentEvent[] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    events.push(...parser.push(text.slice(from, cut)));
    from = cut;
  }
  return events;
}

const stream = [
  ": keep-alive comment",
  "event: start",
  'data: {"tapId":"tap_1"}',
  "",
  "id: 7",
  "event: tap",
  "data: line one",
  "data:line two",
  "",
  "retry: 1500",
  "data: unnamed",
  "",
  "event: end",
  "data: {}",
  "",
  "",
].join("\n");

describe("SseParser", () => {
  it("parses event names, multi-line data, ids (persisting), retry and comments", () => {
    expect(parseInPieces(stream, [])).toEqual([
      { event: "start", data: '{"tapId":"tap_1"}', lastEventId: "" },
      { event: "tap", data: "line one\nline two", lastEventId: "7" },
      { event: "message", data: "unnamed", lastEventId: "7", retryMs: 1500 },
      { event: "end", data: "{}", lastEventId: "7" },
    ]);
  });

  it("gives the same events whatever the chunk boundaries (inside a field, a name, a line break)", () => {
    const whole = parseInPieces(stream, []);
    for (let cut = 1; cut < stream.length; cut++) expect(parseInPieces(stream, [cut])).toEqual(whole);
    const everyChar = Array.from({ length: stream.length }, (_, i) => i);
    expect(parseInPieces(stream, everyChar)).toEqual(whole);
  });

  it("accepts CRLF and CR line endings, even with \\r and \\n in different chunks", () => {
    const crlf = "event: tap\r\ndata: a\r\n\r\nevent: end\rdata: b\r\r";
    const expected = [
      { event: "tap", data: "a", lastEventId: "" },
      { event: "end", data: "b", lastEventId: "" },
    ];
    expect(parseInPieces(crlf, [])).toEqual(expected);
    for (let cut = 1; cut < crlf.length; cut++)
      expect(parseInPieces(crlf, [cut]), `cut ${cut}`).toEqual(expected);
  });

  it("dispatches nothing for a block without data, and drops an unterminated last event", () => {
    const parser = new SseParser();
    expect(parser.push("event: tap\nid: 3\n\n")).toEqual([]);
    expect(parser.push("data: x\n\n")).toEqual([{ event: "message", data: "x", lastEventId: "3" }]);
    expect(parser.push("event: tap\ndata: half")).toEqual([]);
    parser.end();
    expect(parser.push("\n\n")).toEqual([]);
  });

  it("treats a field without a colon as an empty value and ignores unknown fields", () => {
    expect(parseInPieces("data\nfoo: bar\ndata: x\n\n", [])).toEqual([
      { event: "message", data: "\nx", lastEventId: "" },
    ]);
  });
});

describe("readEventStream", () => {
  it("decodes UTF-8 characters split across byte chunks", async () => {
    const bytes = new TextEncoder().encode("event: tap\ndata: héllo ✓\n\n");
    const split = bytes.indexOf(0xc3) + 1; // inside the two bytes of "é"
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, split));
        c.enqueue(bytes.slice(split, split + 9));
        c.enqueue(bytes.slice(split + 9));
        c.close();
      },
    });
    const events: ServerSentEvent[] = [];
    for await (const e of readEventStream(body)) events.push(e);
    expect(events).toEqual([{ event: "tap", data: "héllo ✓", lastEventId: "" }]);
  });

  it("cancels the body when the reader stops early", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode("data: 1\n\ndata: 2\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const e of readEventStream(body)) {
      expect(e.data).toBe("1");
      break;
    }
    expect(cancelled).toBe(true);
  });
});
