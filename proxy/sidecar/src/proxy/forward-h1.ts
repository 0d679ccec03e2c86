import { type Agent, type ClientRequest, type IncomingMessage, request } from "node:http";
import type { Socket } from "node:net";
import type { Writable } from "node:stream";
import { endToEndHeaders } from "../http/hop-by-hop.ts";
import type { BodySource } from "./body.ts";
import { isConnected, whenConnected } from "./connected.ts";
import type { AttemptHooks, Cancellable, Exchange } from "./exchange.ts";
import type { H1Pool } from "./h1-pool.ts";
import type { UpstreamRequest } from "./upstream-request.ts";

const idempotent = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

/**
 * Where an HTTP/1.1 request goes: an endpoint's pool (mesh peers, the app), or an
 * agent (egress, where hosts come and go), plus the address it dials.
 */
export type H1Target = { pool?: H1Pool; agent?: Agent; host: string; port: number };

// The attempt rides on its request, response and the sink it writes to, so the
// listeners below are module functions reading it from `this` — no closure per request.
const attemptKey = Symbol("trellis.h1Attempt");
type Carrier = { [attemptKey]?: H1Attempt };

/**
 * Sends one attempt of an exchange over HTTP/1.1. Bodies stream both ways with
 * backpressure, never buffered whole; trailers cross when the response was chunked.
 * Until `hooks.onResponse` accepts a response, failures go to `hooks.onError` (the
 * dispatcher may retry); afterwards they fail the exchange. The result cancels the
 * attempt silently.
 */
export function sendH1(
  ex: Exchange,
  target: H1Target,
  up: UpstreamRequest,
  body: BodySource | undefined,
  hooks: AttemptHooks,
): Cancellable {
  const options = {
    host: target.host,
    port: target.port,
    method: up.method,
    path: up.path,
    headers: up.headers,
    setHost: false,
  };
  const req = target.pool ? target.pool.request(options) : request({ ...options, agent: target.agent });
  const attempt = new H1Attempt(ex, req, up.method, body, hooks);
  (req as ClientRequest & Carrier)[attemptKey] = attempt;
  req.once("socket", onSocket);
  req.on("response", onResponse);
  req.on("error", onRequestError);
  if (!body) req.end();
  return attempt;
}

class H1Attempt implements Cancellable {
  state: "waiting" | "committed" | "abandoned" = "waiting";
  responded = false;
  // Until the connection is up nothing of the request left: a failure then is a
  // connect failure, whatever the error says (a reset during the TLS handshake too).
  connected = false;
  res: IncomingMessage | undefined;

  constructor(
    readonly ex: Exchange,
    readonly req: ClientRequest,
    readonly method: string,
    readonly body: BodySource | undefined,
    readonly hooks: AttemptHooks,
  ) {}

  onConnected(): void {
    this.connected = true;
    if (this.body && this.state === "waiting") this.body.sendTo(this.req);
  }

  cancel(): void {
    if (this.state === "abandoned") return;
    this.state = "abandoned";
    this.body?.detach();
    this.req.destroy();
  }
}

function onSocket(this: ClientRequest & Carrier, socket: Socket): void {
  const attempt = this[attemptKey]!;
  // A pooled connection is up already: the common case takes no callback.
  if (isConnected(socket)) attempt.onConnected();
  else whenConnected(socket, () => attempt.onConnected());
}

function onResponse(this: ClientRequest & Carrier, res: IncomingMessage & Carrier): void {
  const a = this[attemptKey]!;
  a.responded = true;
  if (a.state === "abandoned") return void res.destroy();
  const status = res.statusCode ?? 502;
  if (!a.hooks.onResponse(status, res.headers)) {
    a.state = "abandoned";
    a.body?.detach();
    // A finished request leaves a reusable connection once the response is drained.
    if (this.writableFinished) res.resume();
    else this.destroy();
    return;
  }
  a.state = "committed";
  a.res = res;
  res[attemptKey] = a;
  const ds = a.ex.ds;
  ds.respond(status, a.hooks.downstreamHeaders(res.headers), false);
  // What `pipe` does, without its per-call closures: write, pause on backpressure.
  res.on("data", onResponseData);
  res.on("end", onResponseEnd);
  res.on("aborted", onResponseAborted);
}

function onResponseData(this: IncomingMessage & Carrier, chunk: Buffer): void {
  const sink = this[attemptKey]!.ex.ds.sink as Writable & Carrier;
  if (sink.write(chunk)) return;
  this.pause();
  sink[attemptKey] = this[attemptKey];
  sink.once("drain", onSinkDrain);
}

function onSinkDrain(this: Writable & Carrier): void {
  this[attemptKey]?.res?.resume();
}

function onResponseEnd(this: IncomingMessage & Carrier): void {
  const ex = this[attemptKey]!.ex;
  const trailers = this.rawTrailers.length > 0 ? endToEndHeaders(this.trailers) : undefined;
  if (trailers) ex.trailers(this.trailers);
  ex.ds.end(trailers);
  ex.finish();
}

function onResponseAborted(this: IncomingMessage & Carrier): void {
  this[attemptKey]!.ex.fail("upstream-reset", "upstream closed the response early");
}

function onRequestError(this: ClientRequest & Carrier, err: Error): void {
  const a = this[attemptKey]!;
  if (a.state === "abandoned") return;
  const kind = a.connected ? "upstream-reset" : "upstream-connect";
  if (a.state === "committed") {
    a.ex.fail(kind, err.message);
    return;
  }
  a.state = "abandoned";
  a.body?.detach();
  // Safe to send again: it never left (connect failure), or a pooled connection the
  // peer had closed died under an idempotent request before any answer.
  const replaySafe =
    kind === "upstream-connect" || (this.reusedSocket && !a.responded && idempotent.has(a.method));
  a.hooks.onError(kind, err.message, replaySafe);
}
