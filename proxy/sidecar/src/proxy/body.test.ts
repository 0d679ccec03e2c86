import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ReplayBody, teeBody } from "./body.ts";

function collector(): Writable & { text: () => string; ended: boolean } {
  const chunks: Buffer[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  }) as Writable & { text: () => string; ended: boolean };
  w.ended = false;
  w.on("finish", () => {
    w.ended = true;
  });
  w.text = () => Buffer.concat(chunks).toString();
  return w;
}
const tick = () => new Promise((r) => setImmediate(r));

describe("replayable request bodies", () => {
  it("streams to the first attempt and replays everything to the next, live chunks included", async () => {
    const src = new PassThrough();
    const body = new ReplayBody(src, 1024);
    const first = collector();
    body.sendTo(first);
    src.write("hello ");
    await tick();
    body.detach(); // first attempt abandoned mid-body
    const second = collector();
    body.sendTo(second);
    src.end("world");
    await tick();
    expect(second.text()).toBe("hello world");
    expect(second.ended).toBe(true);
    expect(first.text()).toBe("hello ");
    expect(body.replayable).toBe(true);
  });

  it("stops being replayable past the limit but keeps streaming", async () => {
    const src = new PassThrough();
    const body = new ReplayBody(src, 4);
    const first = collector();
    body.sendTo(first);
    src.end("0123456789");
    await tick();
    expect(first.text()).toBe("0123456789");
    expect(body.replayable).toBe(false);
    expect(() => body.sendTo(collector())).toThrow(/too large/);
  });

  it("abandons a mirror copy that falls behind instead of slowing the source", async () => {
    const src = new PassThrough();
    const stuck = new Writable({ highWaterMark: 1, write: () => {} }); // never drains
    let overflowed = false;
    teeBody(src, stuck, 8, () => {
      overflowed = true;
    });
    const main = collector();
    src.pipe(main);
    src.write("0123456789");
    src.end("abc");
    await tick();
    expect(main.text()).toBe("0123456789abc");
    expect(overflowed).toBe(true);
  });
});
