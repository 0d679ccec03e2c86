import { connect } from "node:net";

/**
 * What loadgen waits for before its first request: `http://…` answers 200 (a proxy's admin
 * `/ready`: it holds its certificate and config) or `tcp://host:port` accepts (an app
 * listens). Requests sent before would fail while proxies fetch certificates, and those
 * failures would colour the demo's first view.
 */
export async function waitUntilReady(targets: readonly string[], log: (line: string) => void): Promise<void> {
  let waiting = [...targets];
  let reported = "";
  while (waiting.length > 0) {
    const results = await Promise.all(waiting.map((t) => isReady(t).then((ok) => (ok ? null : t))));
    waiting = results.filter((t): t is string => t !== null);
    const line = waiting.join(", ");
    if (waiting.length > 0 && line !== reported) log(`loadgen: waiting for ${line}`);
    reported = line;
    if (waiting.length > 0) await new Promise((r) => setTimeout(r, 250));
  }
}

/** One target's check: an http:// URL answers 200, or a tcp:// address accepts. */
export async function isReady(target: string): Promise<boolean> {
  if (target.startsWith("tcp://")) {
    const url = new URL(target);
    return new Promise((resolve) => {
      const socket = connect({ host: url.hostname, port: Number(url.port), timeout: 1000 });
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.once("connect", () => done(true));
      socket.once("error", () => done(false));
      socket.once("timeout", () => done(false));
    });
  }
  try {
    const res = await fetch(target, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
