import { type Agent, type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from "node:http";
import { endToEndHeaders } from "../http/hop-by-hop.ts";
import type { BodySource } from "./body.ts";
import { whenConnected } from "./connected.ts";
import type { AttemptHooks, Exchange } from "./exchange.ts";
import type { H1Pool } from "./h1-pool.ts";
import type { UpstreamRequest } from "./upstream-request.ts";

const idempotent = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

/**
 * Where an HTTP/1.1 request goes: an endpoint's pool (mesh peers, the app), or an
 * agent (egress, where hosts come and go), plus the address it dials.
 */
export type H1Target = { pool?: H1Pool; agent?: Agent; host: string; port: number };

/**
 * Sends one attempt of an exchange over HTTP/1.1. Bodies stream both ways with
 * backpressure, never buffered whole; trailers cross when the response was chunked.
 * Until `hooks.onResponse` accepts a response, failures go to `hooks.onError` (the
 * dispatcher may retry); afterwards they fail the exchange. Returns a cancel function
 * that abandons the attempt silently.
 */
export function sendH1(
  ex: Exchange,
  target: H1Target,
  up: UpstreamRequest,
  body: BodySource | undefined,
  hooks: AttemptHooks,
): () => void {
  const ds = ex.ds;
  const options = {
    host: target.host,
    port: target.port,
    method: up.method,
    path: up.path,
    headers: up.headers,
    setHost: false,
  };
  const req = target.pool ? target.pool.request(options) : request({ ...options, agent: target.agent });
  let state: "waiting" | "committed" | "abandoned" = "waiting";
  let responded = false;
  // Until the connection is up nothing of the request left: a failure then is a
  // connect failure, whatever the error says (a reset during the TLS handshake too).
  let connected = false;
  req.once("socket", (socket) =>
    whenConnected(socket, () => {
      connected = true;
      if (body && state === "waiting") body.sendTo(req);
    }),
  );
  req.on("response", (res) => {
    responded = true;
    if (state === "abandoned") return void res.destroy();
    const status = res.statusCode ?? 502;
    if (!hooks.onResponse(status, res.headers)) {
      state = "abandoned";
      body?.detach();
      // A finished request leaves a reusable connection once the response is drained.
      if (req.writableFinished) res.resume();
      else req.destroy();
      return;
    }
    state = "committed";
    ds.respond(status, hooks.downstreamHeaders(res.headers), false);
    res.pipe(ds.sink, { end: false });
    res.on("end", () => {
      const trailers = res.rawTrailers.length > 0 ? trailersOf(res.trailers) : undefined;
      if (trailers) ex.trailers(res.trailers);
      ds.end(trailers);
      ex.finish();
    });
    res.on("aborted", () => ex.fail("upstream-reset", "upstream closed the response early"));
  });
  req.on("error", (err) => {
    if (state === "abandoned") return;
    const kind = connected ? "upstream-reset" : "upstream-connect";
    if (state === "committed") ex.fail(kind, err.message);
    else {
      state = "abandoned";
      body?.detach();
      // Safe to send again: it never left (connect failure), or a pooled connection the
      // peer had closed died under an idempotent request before any answer.
      const replaySafe =
        kind === "upstream-connect" || (req.reusedSocket && !responded && idempotent.has(up.method));
      hooks.onError(kind, err.message, replaySafe);
    }
  });
  if (!body) req.end();
  return () => {
    if (state === "abandoned") return;
    state = "abandoned";
    body?.detach();
    req.destroy();
  };
}

function trailersOf(t: IncomingHttpHeaders): OutgoingHttpHeaders {
  return endToEndHeaders(t);
}
