import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import { type ClientHttp2Session, constants } from "node:http2";
import { endToEndHeaders } from "../http/hop-by-hop.ts";
import type { BodySource } from "./body.ts";
import { whenSessionConnected } from "./connected.ts";
import type { AttemptHooks, Cancellable, Exchange } from "./exchange.ts";
import type { UpstreamRequest } from "./upstream-request.ts";

const { NGHTTP2_FLAG_END_STREAM, NGHTTP2_CANCEL } = constants;

/**
 * Sends one attempt of an exchange as an HTTP/2 stream on a pooled session. gRPC needs
 * three things kept exact here: `te: trailers` on the request, trailers-only responses
 * (headers with END_STREAM carry grpc-status), and trailers after the last message.
 * Same contract as `sendH1`: failures before an accepted response go to the hooks.
 */
export function sendH2(
  ex: Exchange,
  session: ClientHttp2Session,
  up: UpstreamRequest,
  body: BodySource | undefined,
  hooks: AttemptHooks,
): Cancellable {
  const ds = ex.ds;
  const headers: OutgoingHttpHeaders = {
    ...up.headers,
    ":method": up.method,
    ":path": up.path,
    ":authority": up.authority,
    ":scheme": "http",
  };
  delete headers.host;
  let stream: ReturnType<ClientHttp2Session["request"]>;
  try {
    stream = session.request(headers, { endStream: !body });
  } catch (err) {
    // A session that cannot open streams (out of stream ids, closing) is retired so the
    // pool dials a fresh one for the next request.
    if (!session.destroyed) session.close();
    queueMicrotask(() => hooks.onError("upstream-connect", (err as Error).message, true));
    return { cancel: () => {} };
  }
  let state: "waiting" | "committed" | "abandoned" = "waiting";
  // A session that never connected sent nothing: the attempt failed to connect.
  let sessionUp = !session.connecting;
  if (!sessionUp) whenSessionConnected(session, () => (sessionUp = true));
  let trailers: IncomingHttpHeaders | undefined;
  let responded = false;
  let lastError = "";
  const abandon = () => {
    state = "abandoned";
    body?.detach();
    if (!stream.destroyed) stream.close(NGHTTP2_CANCEL);
  };
  stream.on("response", (h, flags) => {
    if (state === "abandoned") return;
    responded = true;
    const status = Number(h[":status"] ?? 502);
    if (!hooks.onResponse(status, h)) return abandon();
    state = "committed";
    if ((flags & NGHTTP2_FLAG_END_STREAM) !== 0) {
      ds.respond(status, hooks.downstreamHeaders(h), true);
      ex.finish();
      return;
    }
    ds.respond(status, hooks.downstreamHeaders(h), false);
    stream.pipe(ds.sink, { end: false });
  });
  stream.on("trailers", (t) => {
    trailers = t;
    ex.trailers(t);
  });
  stream.on("end", () => {
    if (state !== "committed" || ex.finished) return;
    ds.end(trailers ? endToEndHeaders(trailers) : undefined);
    ex.finish();
  });
  stream.on("close", () => {
    if (state === "abandoned" || ex.finished) return;
    const reset = stream.rstCode !== undefined && stream.rstCode !== constants.NGHTTP2_NO_ERROR;
    const detail = lastError || `stream closed (code ${stream.rstCode})`;
    const kind = sessionUp && (responded || reset) ? "upstream-reset" : "upstream-connect";
    if (state === "committed") ex.fail(kind, detail);
    else {
      state = "abandoned";
      body?.detach();
      // REFUSED_STREAM and a GOAWAY that excluded this stream both say: never processed.
      const refused = stream.rstCode === constants.NGHTTP2_REFUSED_STREAM || goaway;
      hooks.onError(kind, detail, !responded && (kind === "upstream-connect" || refused));
    }
  });
  let goaway = false;
  stream.on("error", (err) => {
    // Reported through "close"; a session-level failure (TLS, identity) is the cause.
    const cause = (err as Error & { cause?: Error }).cause;
    lastError = cause?.message ?? err.message;
    if ((err as NodeJS.ErrnoException).code === "ERR_HTTP2_GOAWAY_SESSION") goaway = true;
  });
  if (body) {
    if (sessionUp) body.sendTo(stream);
    else whenSessionConnected(session, () => state === "waiting" && body.sendTo(stream));
  }
  return {
    cancel: () => {
      if (state !== "abandoned") abandon();
    },
  };
}
