import type { ConnectorMessage__Input, SignRequest, SignResponse } from "@trellis/protocol/tunnel";
import type { AttachedProxy } from "./proxy-registry.ts";

type Pending = { proxy: AttachedProxy; proxyRequestId: string; timer: NodeJS.Timeout };

/**
 * Relays CSRs from proxies up the tunnel and routes each answer back. Request ids are
 * rewritten to connector-unique ones, since two proxies may well pick the same id. A
 * proxy is never left waiting: with no tunnel, on a timeout, or when the tunnel drops,
 * it gets a SignError "unavailable" and retries on its own schedule.
 */
export class SignRelay {
  private seq = 0;
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly upstream: { send(msg: ConnectorMessage__Input): boolean },
    private readonly timeoutMs: number,
  ) {}

  request(proxy: AttachedProxy, req: SignRequest): void {
    const id = `sr-${++this.seq}`;
    const sent = this.upstream.send({
      signRequest: {
        requestId: id,
        csrPem: req.csrPem,
        identity: req.identity,
        proxyId: proxy.hello.proxyId,
      },
    });
    if (!sent) {
      answerUnavailable(
        proxy,
        req.requestId,
        "the control plane is not reachable from the connector right now",
      );
      return;
    }
    const timer = setTimeout(() => {
      this.pending.delete(id);
      answerUnavailable(proxy, req.requestId, `no answer from the control plane within ${this.timeoutMs} ms`);
    }, this.timeoutMs);
    this.pending.set(id, { proxy, proxyRequestId: req.requestId, timer });
  }

  /** Routes a SignResponse from the tunnel; unknown ids (late answers) are dropped. */
  respond(resp: SignResponse): void {
    const entry = this.pending.get(resp.requestId);
    if (!entry) return;
    this.pending.delete(resp.requestId);
    clearTimeout(entry.timer);
    const base = { requestId: entry.proxyRequestId };
    entry.proxy.write({
      signResponse: resp.certificate
        ? { ...base, certificate: resp.certificate }
        : { ...base, error: resp.error },
    });
  }

  /** The tunnel dropped: answers sent up may never come back. */
  failAll(message: string): void {
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      answerUnavailable(entry.proxy, entry.proxyRequestId, message);
    }
    this.pending.clear();
  }

  /** A proxy went away: forget its requests. */
  forget(proxy: AttachedProxy): void {
    for (const [id, entry] of this.pending) {
      if (entry.proxy !== proxy) continue;
      clearTimeout(entry.timer);
      this.pending.delete(id);
    }
  }
}

function answerUnavailable(proxy: AttachedProxy, requestId: string, message: string): void {
  proxy.write({
    signResponse: {
      requestId,
      error: { code: "unavailable", message, retryAfter: { seconds: 1, nanos: 0 } },
    },
  });
}
