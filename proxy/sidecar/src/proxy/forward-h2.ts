import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import { type ClientHttp2Session, constants } from "node:http2";
import { endToEndHeaders } from "../http/hop-by-hop.ts";
import type { Exchange } from "./exchange.ts";

const { NGHTTP2_FLAG_END_STREAM, NGHTTP2_CANCEL } = constants;

/**
 * Forwards an exchange as one HTTP/2 stream on a pooled session. gRPC needs three
 * things kept exact here: `te: trailers` on the request, trailers-only responses
 * (headers with END_STREAM carry grpc-status), and trailers after the last message.
 */
export function forwardH2(ex: Exchange, session: ClientHttp2Session, headers: OutgoingHttpHeaders): void {
  const ds = ex.ds;
  headers[":method"] = ds.method;
  headers[":path"] = ds.path;
  headers[":authority"] = ds.authority;
  headers[":scheme"] = "http";
  let stream: ReturnType<ClientHttp2Session["request"]>;
  try {
    stream = session.request(headers, { endStream: !ds.hasBody });
  } catch (err) {
    // A session that cannot open streams (out of stream ids, closing) is retired so the
    // pool dials a fresh one for the next request.
    if (!session.destroyed) session.close();
    ex.fail("upstream-connect", (err as Error).message);
    return;
  }
  let trailers: IncomingHttpHeaders | undefined;
  let responded = false;
  let lastError = "";
  ex.cancelUpstream = () => {
    if (!stream.destroyed) stream.close(NGHTTP2_CANCEL);
  };
  stream.on("response", (h, flags) => {
    responded = true;
    const status = Number(h[":status"] ?? 502);
    ex.responseHeaders(status, h);
    if ((flags & NGHTTP2_FLAG_END_STREAM) !== 0) {
      ds.respond(status, endToEndHeaders(h), true);
      ex.finish();
      return;
    }
    ds.respond(status, endToEndHeaders(h), false);
    stream.pipe(ds.sink, { end: false });
  });
  stream.on("trailers", (t) => {
    trailers = t;
    ex.trailers(t);
  });
  stream.on("end", () => {
    if (ex.finished || !responded) return;
    ds.end(trailers ? endToEndHeaders(trailers) : undefined);
    ex.finish();
  });
  stream.on("close", () => {
    if (ex.finished) return;
    const reset = stream.rstCode !== undefined && stream.rstCode !== constants.NGHTTP2_NO_ERROR;
    const detail = lastError || `stream closed (code ${stream.rstCode})`;
    ex.fail(responded || reset ? "upstream-reset" : "upstream-connect", detail);
  });
  stream.on("error", (err) => {
    // Reported through "close"; a session-level failure (TLS, identity) is the cause.
    const cause = (err as Error & { cause?: Error }).cause;
    lastError = cause?.message ?? err.message;
  });
  ds.onClientGone(() => ex.clientGone());
  if (ds.hasBody) ds.body.pipe(stream);
}
