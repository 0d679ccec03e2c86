import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { constants, type IncomingHttpHeaders as H2Headers, type ServerHttp2Stream } from "node:http2";
import type { Readable, Writable } from "node:stream";
import { isGrpcContentType } from "../http/hop-by-hop.ts";

/**
 * One request as the proxy received it, whatever the protocol: HTTP/1.1 (req/res) or
 * an HTTP/2 stream. Dispatchers read the request from it and write the response into
 * it, so every (downstream, upstream) protocol pair shares one forwarding path.
 */
export interface Downstream {
  readonly protocol: "h1" | "h2";
  readonly method: string;
  readonly authority: string;
  /** Path with query string. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Readable;
  readonly hasBody: boolean;
  readonly isGrpc: boolean;
  readonly sink: Writable;
  readonly headersSent: boolean;
  respond(status: number, headers: OutgoingHttpHeaders, endStream: boolean): void;
  /** Ends the response, sending trailers when there are any. */
  end(trailers: OutgoingHttpHeaders | undefined): void;
  /** Tears the response down (upstream failed after headers were sent). */
  abort(): void;
  /** Tells `watcher` (once) if the client goes away before the response ended. */
  watchClientGone(watcher: ClientGoneWatcher): void;
}

export type ClientGoneWatcher = { clientGone(): void };

// The watcher rides on the response, so one module function serves every request.
const watcherKey = Symbol("trellis.clientGoneWatcher");
type Watched = { [watcherKey]?: ClientGoneWatcher };

function h1ResponseClosed(this: ServerResponse & Watched): void {
  if (!this.writableFinished) this[watcherKey]?.clientGone();
}

function h2StreamClosed(this: ServerHttp2Stream & Watched): void {
  if (this.rstCode !== constants.NGHTTP2_NO_ERROR) this[watcherKey]?.clientGone();
}

const downstreamKey = Symbol("trellis.h2Downstream");
type Carried = { [downstreamKey]?: H2Downstream };

function h2WantTrailers(this: ServerHttp2Stream & Carried): void {
  this[downstreamKey]?.sendTrailers();
}

export class H1Downstream implements Downstream {
  readonly protocol = "h1";
  readonly method: string;
  readonly authority: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly hasBody: boolean;
  readonly isGrpc: boolean;

  constructor(
    readonly body: IncomingMessage,
    readonly sink: ServerResponse,
  ) {
    this.method = body.method ?? "GET";
    this.headers = body.headers;
    const url = body.url ?? "/";
    if (url.startsWith("http://")) {
      // Absolute form (the app uses us as an explicit HTTP proxy): the URL names the host.
      const parsed = new URL(url);
      this.authority = parsed.host;
      this.path = `${parsed.pathname}${parsed.search}`;
    } else {
      this.authority = body.headers.host ?? "";
      this.path = url;
    }
    const length = body.headers["content-length"];
    this.hasBody = length !== undefined ? length !== "0" : body.headers["transfer-encoding"] !== undefined;
    this.isGrpc = isGrpcContentType(body.headers["content-type"]);
  }

  get headersSent(): boolean {
    return this.sink.headersSent;
  }

  respond(status: number, headers: OutgoingHttpHeaders, endStream: boolean): void {
    this.sink.writeHead(status, headers);
    if (endStream) this.sink.end();
  }

  end(trailers: OutgoingHttpHeaders | undefined): void {
    // Trailers only travel with chunked encoding (RFC 9112 §7.1.2).
    if (trailers && !this.sink.hasHeader("content-length")) this.sink.addTrailers(trailers);
    this.sink.end();
  }

  abort(): void {
    this.sink.destroy();
  }

  watchClientGone(watcher: ClientGoneWatcher): void {
    (this.sink as ServerResponse & Watched)[watcherKey] = watcher;
    this.sink.once("close", h1ResponseClosed);
  }
}

export class H2Downstream implements Downstream {
  readonly protocol = "h2";
  readonly method: string;
  readonly authority: string;
  readonly path: string;
  readonly hasBody: boolean;
  readonly isGrpc: boolean;
  private trailers: OutgoingHttpHeaders | undefined;

  constructor(
    readonly body: ServerHttp2Stream,
    readonly headers: H2Headers,
    flags: number,
  ) {
    this.method = headers[":method"] ?? "GET";
    this.authority = headers[":authority"] ?? headers.host ?? "";
    this.path = headers[":path"] ?? "/";
    this.hasBody = (flags & constants.NGHTTP2_FLAG_END_STREAM) === 0;
    this.isGrpc = isGrpcContentType(headers["content-type"]);
  }

  get sink(): Writable {
    return this.body;
  }

  get headersSent(): boolean {
    return this.body.headersSent;
  }

  respond(status: number, headers: OutgoingHttpHeaders, endStream: boolean): void {
    if (this.body.destroyed || this.body.closed) return;
    headers[":status"] = status;
    this.body.respond(headers, { endStream, waitForTrailers: !endStream });
    if (!endStream) {
      (this.body as ServerHttp2Stream & Carried)[downstreamKey] = this;
      this.body.once("wantTrailers", h2WantTrailers);
    }
  }

  end(trailers: OutgoingHttpHeaders | undefined): void {
    this.trailers = trailers;
    if (!this.body.destroyed) this.body.end();
  }

  /** On the stream's `wantTrailers`: the trailers `end` was given (or none). */
  sendTrailers(): void {
    if (this.body.destroyed || this.body.closed) return;
    // Empty trailers make nghttp2 end the stream with an empty DATA frame instead.
    this.body.sendTrailers(this.trailers ?? {});
  }

  abort(): void {
    if (!this.body.destroyed) this.body.close(constants.NGHTTP2_INTERNAL_ERROR);
  }

  watchClientGone(watcher: ClientGoneWatcher): void {
    (this.body as ServerHttp2Stream & Watched)[watcherKey] = watcher;
    this.body.once("close", h2StreamClosed);
  }
}
