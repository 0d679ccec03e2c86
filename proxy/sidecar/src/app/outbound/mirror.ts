import { constants } from "node:http2";
import type { Writable } from "node:stream";
import { teeBody } from "../../proxy/body.ts";
import type { Downstream } from "../../proxy/downstream.ts";
import type { UpstreamRequest } from "../../proxy/upstream-request.ts";
import type { Mirror, Table } from "../../routing/types.ts";
import type { Runtime } from "../runtime.ts";

/** Mirrors in flight at once, per proxy; beyond it copies are dropped (counted). */
export const maxMirrorsInFlight = 256;
/** A mirror still running after this is abandoned. */
export const mirrorTimeoutMs = 10_000;
/** Request body bytes a mirror may have waiting unsent before it is abandoned. */
export const mirrorMaxBufferedBytes = 256 * 1024;

/**
 * RequestMirror: a copy of `perMillion` / 1,000,000 of the requests (Gateway API
 * `fraction` or `percent`, resolved exactly) goes to the shadow cluster,
 * fire-and-forget. The copy shares nothing the primary waits on: its response is
 * drained and discarded, its failures are only counted, its body is a tee that never
 * applies backpressure to the client (a lagging copy is abandoned), and the number in
 * flight is bounded, so a slow or dead shadow cannot slow the primary or grow memory.
 */
export class Mirrors {
  private inFlight = 0;

  constructor(private readonly rt: Pick<Runtime, "balancers" | "meshTls" | "meshPools" | "policyCounters">) {}

  start(ds: Downstream, up: UpstreamRequest, targets: readonly Mirror[], table: Table): void {
    for (const t of targets) {
      if (t.perMillion < 1_000_000 && Math.random() * 1_000_000 >= t.perMillion) continue;
      this.send(ds, up, t.cluster, table);
    }
  }

  private send(ds: Downstream, up: UpstreamRequest, serviceKey: string, table: Table): void {
    const counters = this.rt.policyCounters;
    const handle = table.clusters.has(serviceKey) ? this.rt.balancers.get(serviceKey)?.pick() : undefined;
    if (!handle || !this.rt.meshTls.ready) {
      counters.mirror(serviceKey, "failed");
      return;
    }
    if (this.inFlight >= maxMirrorsInFlight) {
      counters.mirror(serviceKey, "dropped");
      return;
    }
    this.inFlight++;
    counters.mirror(serviceKey, "sent");
    let finished = false;
    let stopTee: (() => void) | undefined;
    let abort: () => void = () => {};
    const done = (result?: "failed" | "dropped") => {
      if (finished) return;
      finished = true;
      this.inFlight--;
      clearTimeout(timer);
      stopTee?.();
      if (result) counters.mirror(serviceKey, result);
    };
    const timer = setTimeout(() => {
      abort();
      done("dropped");
    }, mirrorTimeoutMs);
    timer.unref();
    const ep = handle.endpoint;
    let sink: Writable;
    if (ds.protocol === "h2") {
      const headers = {
        ...up.headers,
        ":method": up.method,
        ":path": up.path,
        ":authority": up.authority,
        ":scheme": "http",
      };
      delete headers.host;
      let stream: ReturnType<ReturnType<Runtime["meshPools"]["session"]>["request"]>;
      try {
        stream = this.rt.meshPools.session(ep).request(headers, { endStream: !ds.hasBody });
      } catch {
        done("failed");
        return;
      }
      stream.on("response", () => stream.resume());
      stream.on("end", () => done());
      stream.on("close", () => done(stream.rstCode === constants.NGHTTP2_NO_ERROR ? undefined : "failed"));
      stream.on("error", () => {});
      abort = () => stream.close(constants.NGHTTP2_CANCEL);
      sink = stream;
    } else {
      const req = this.rt.meshPools.h1(ep).request({
        host: ep.address,
        port: ep.port,
        method: up.method,
        path: up.path,
        headers: up.headers,
        setHost: false,
      });
      req.on("response", (res) => {
        res.on("end", () => done());
        res.on("error", () => done("failed"));
        res.resume();
      });
      req.on("error", () => done("failed"));
      abort = () => req.destroy();
      sink = req;
      if (!ds.hasBody) req.end();
    }
    if (ds.hasBody) {
      stopTee = teeBody(ds.body, sink, mirrorMaxBufferedBytes, () => {
        abort();
        done("dropped");
      });
    }
  }
}
