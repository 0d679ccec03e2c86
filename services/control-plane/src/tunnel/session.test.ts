import { Duplex } from "node:stream";
import type { ControlMessage__Input } from "@trellis/protocol/tunnel";
import { describe, expect, it } from "vitest";
import type { Context } from "../context.ts";
import type { ConnectorHandlers } from "./handlers.ts";
import { type TunnelCall, TunnelSession } from "./session.ts";

/**
 * A stream whose far end reads only when told to, like a connector that stalls: the
 * session's writes fill its buffer (highWaterMark 2 messages) and then wait for "drain".
 */
function stalledStream() {
  const written: ControlMessage__Input[] = []; // what the session wrote, in order
  let reading = false;
  let waiting: (() => void) | null = null;
  const call = new Duplex({
    objectMode: true,
    highWaterMark: 2,
    read() {},
    write(_msg: ControlMessage__Input, _enc, done) {
      if (reading) done();
      else waiting = done;
    },
  });
  const write = call.write.bind(call);
  call.write = ((msg: ControlMessage__Input) => {
    written.push(msg);
    return write(msg);
  }) as typeof call.write;
  /** The connector starts reading again. */
  const readAll = () => {
    reading = true;
    waiting?.();
  };
  return { call: call as unknown as TunnelCall, written, readAll };
}

const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const ctx = { logger: silent } as unknown as Context;
const cluster = {
  id: "cl_1",
  orgId: "o",
  meshId: "m",
  name: "east",
  meshName: "prod",
  trustDomain: "prod.mesh",
};

function session() {
  const stream = stalledStream();
  const s = new TunnelSession(ctx, stream.call, cluster, null, {} as ConnectorHandlers);
  s.welcome(0, 10_000);
  return { s, ...stream };
}

const configs = (written: ControlMessage__Input[]) =>
  written.filter((m) => m.config).map((m) => Number(m.config!.version));
const push = (s: TunnelSession, version: number) => s.push(version, "v2", Buffer.from(`snapshot ${version}`));

describe("TunnelSession backpressure", () => {
  it("a stalled connector gets only the newest snapshot once it reads again, never every version", async () => {
    const { s, written, readAll } = session(); // welcome is message 1 of 2 the buffer holds
    push(s, 1); // fills the buffer
    for (let v = 2; v <= 50; v++) push(s, v);
    expect(configs(written)).toEqual([1]);
    expect(s.wants(50)).toBe(false); // held: the reconcile loop does not push it again
    expect(s.wants(51)).toBe(true);

    const drained = new Promise((resolve) => s.call.once("drain", resolve));
    readAll();
    await drained;
    expect(configs(written)).toEqual([1, 50]);
  });

  it("small messages still go out while a snapshot waits", () => {
    const { s, written } = session();
    push(s, 1);
    push(s, 2);
    s.send({ heartbeat: { seq: 7 } });
    expect(written.at(-1)).toEqual({ heartbeat: { seq: 7 } });
    expect(configs(written)).toEqual([1]);
  });

  it("a version the connector acknowledged meanwhile is not sent after the drain", async () => {
    const { s, written, readAll } = session();
    push(s, 1);
    push(s, 2);
    s.acked = 2; // e.g. it fetched v2 by another path (a reconnect's Hello)
    const drained = new Promise((resolve) => s.call.once("drain", resolve));
    readAll();
    await drained;
    expect(configs(written)).toEqual([1]);
  });
});
