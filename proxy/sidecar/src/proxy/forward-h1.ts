import { type Agent, type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from "node:http";
import { endToEndHeaders } from "../http/hop-by-hop.ts";
import type { Exchange } from "./exchange.ts";

/** Where an HTTP/1.1 request goes: a pooled agent plus the address it dials. */
export type H1Target = { agent: Agent; host: string; port: number };

/**
 * Forwards an exchange over HTTP/1.1. Bodies stream both ways with backpressure
 * (pipe), never buffered whole; trailers cross when the response was chunked.
 */
export function forwardH1(ex: Exchange, target: H1Target, headers: OutgoingHttpHeaders): void {
  const ds = ex.ds;
  headers.host = ds.authority;
  const req = request({
    agent: target.agent,
    host: target.host,
    port: target.port,
    method: ds.method,
    path: ds.path,
    headers,
    setHost: false,
  });
  ex.cancelUpstream = () => req.destroy();
  req.on("response", (res) => {
    const status = res.statusCode ?? 502;
    ex.responseHeaders(status, res.headers);
    ds.respond(status, endToEndHeaders(res.headers), false);
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
    const code = (err as NodeJS.ErrnoException).code;
    ex.fail(req.reusedSocket || code === "ECONNRESET" ? "upstream-reset" : "upstream-connect", err.message);
  });
  ds.onClientGone(() => ex.clientGone());
  if (ds.hasBody) ds.body.pipe(req);
  else req.end();
}

function trailersOf(t: IncomingHttpHeaders): OutgoingHttpHeaders {
  return endToEndHeaders(t);
}
