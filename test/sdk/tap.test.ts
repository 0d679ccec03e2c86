import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ForbiddenError,
  type TapEvent,
  type TapStarted,
  TrellisClient,
  TrellisNetworkError,
  UnavailableError,
} from "@trellis/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for.ts";
import { problemBody } from "./fixtures.ts";

// `client.tap()` against a tiny local server speaking the control plane's SSE format
// (`start`, `tap`…, `end`), writing its bytes in awkward pieces on purpose.

interface TapServer {
  url: string;
  requests: { url: string; headers: IncomingMessage["headers"] }[];
  /** Responses still open, and whether their client went away. */
  open: { res: ServerResponse; closed: boolean }[];
  close(): Promise<void>;
}

let server: TapServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function tapServer(handler: (res: ServerResponse, req: IncomingMessage) => void): Promise<TapServer> {
  const requests: TapServer["requests"] = [];
  const open: TapServer["open"] = [];
  const s = createServer((req, res) => {
    requests.push({ url: req.url!, headers: req.headers });
    const entry = { res, closed: false };
    open.push(entry);
    res.on("close", () => {
      entry.closed = true;
    });
    handler(res, req);
  });
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    open,
    close: () =>
      new Promise<void>((resolve) => {
        s.closeAllConnections();
        s.close(() => resolve());
      }),
  };
}

const sseHead = (res: ServerResponse) => {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.flushHeaders();
};

const event = (n: number): TapEvent => ({
  cluster: "east",
  proxyId: "prx_web0",
  at: "2026-03-02T10:00:00.000Z",
  direction: "inbound",
  method: "GET",
  path: `/items/${n}`,
  authority: "web.shop",
  status: 200,
  grpcStatus: 0,
  latencyMs: 1.5,
  clientIdentity: "spiffe://td/ns/shop/sa/client",
  serverIdentity: "spiffe://td/ns/shop/sa/web",
  headers: { "user-agent": "curl/8" },
});

const client = (url: string) => new TrellisClient({ baseUrl: url, token: "trl_pat_test", retries: 0 });

/** Writes `text` one small piece at a time, each its own chunk on the wire. */
async function writeInPieces(res: ServerResponse, text: string, size: number): Promise<void> {
  for (let i = 0; i < text.length; i += size) {
    await new Promise<void>((resolve) => res.write(text.slice(i, i + size), () => resolve()));
    await new Promise((r) => setImmediate(r));
  }
}

describe("client.tap", () => {
  it("yields the tap events, reports start and end, and sends the query and token", async () => {
    const started = { tapId: "tap_1", clusters: ["east"] } satisfies TapStarted;
    server = await tapServer(async (res) => {
      sseHead(res);
      const body = [
        ": hello\n\n",
        `event: start\ndata: ${JSON.stringify(started)}\n\n`,
        `id: 1\nevent: tap\ndata: ${JSON.stringify(event(1))}\n\n`,
        `event: heartbeat\ndata: {}\n\n`, // an event name this SDK does not know: ignored
        `id: 2\r\nevent: tap\r\ndata: ${JSON.stringify(event(2))}\r\n\r\n`,
        `event: end\ndata: ${JSON.stringify({ reason: "max_events", delivered: 2, dropped: 1 })}\n\n`,
      ].join("");
      await writeInPieces(res, body, 7); // chunk boundaries fall inside lines and field names
      res.end();
    });
    const onStart: TapStarted[] = [];
    const tap = client(server.url).tap("prod", {
      service: "web",
      path: "/items",
      max: 2,
      seconds: 10,
      onStart: (s) => onStart.push(s),
    });
    const seen: TapEvent[] = [];
    for await (const e of tap) seen.push(e);
    expect(seen).toEqual([event(1), event(2)]);
    expect(onStart).toEqual([started]);
    expect(tap.started).toEqual(started);
    expect(tap.ended).toEqual({ reason: "max_events", delivered: 2, dropped: 1 });
    expect(tap.lastEventId).toBe("2");
    const req = server.requests[0]!;
    expect(req.url).toBe("/v1/meshes/prod/tap?service=web&path=%2Fitems&max=2&seconds=10");
    expect(req.headers.authorization).toBe("Bearer trl_pat_test");
    expect(req.headers.accept).toBe("text/event-stream");
  });

  it("ends without an error when the signal aborts, and the server sees the client leave", async () => {
    server = await tapServer((res) => {
      sseHead(res);
      res.write(`event: start\ndata: {"tapId":"tap_2","clusters":["east"]}\n\n`);
      res.write(`event: tap\ndata: ${JSON.stringify(event(1))}\n\n`);
      // …and then nothing: a quiet service, until the client gives up.
    });
    const abort = new AbortController();
    const tap = client(server.url).tap("prod", { service: "web", signal: abort.signal });
    const seen: string[] = [];
    for await (const e of tap) {
      seen.push(e.path);
      abort.abort();
    }
    expect(seen).toEqual(["/items/1"]);
    expect(tap.ended).toEqual({ reason: "aborted", delivered: 1, dropped: 0 });
    await waitFor(() => server!.open[0]!.closed, { what: "the server to see the connection close" });
  });

  it("an abort while waiting for the first event also ends quietly", async () => {
    server = await tapServer((res) => {
      sseHead(res);
    });
    const abort = new AbortController();
    const tap = client(server.url).tap("prod", { service: "web", signal: abort.signal });
    const iteration = (async () => {
      const seen: TapEvent[] = [];
      for await (const e of tap) seen.push(e);
      return seen;
    })();
    await waitFor(() => server!.open.length === 1, { what: "the request" });
    abort.abort();
    expect(await iteration).toEqual([]);
    expect(tap.ended?.reason).toBe("aborted");
  });

  it("breaking out of the loop closes the connection", async () => {
    server = await tapServer((res) => {
      sseHead(res);
      res.write(`event: tap\ndata: ${JSON.stringify(event(1))}\n\n`);
    });
    for await (const e of client(server.url).tap("prod", { service: "web" })) {
      expect(e.path).toBe("/items/1");
      break;
    }
    await waitFor(() => server!.open[0]!.closed, { what: "the server to see the connection close" });
  });

  it("a stream that closes before its end event is a TrellisNetworkError", async () => {
    server = await tapServer((res) => {
      sseHead(res);
      res.end(`event: tap\ndata: ${JSON.stringify(event(1))}\n\nevent: tap\ndata: {"trunc`);
    });
    const seen: string[] = [];
    const iterate = async () => {
      for await (const e of client(server!.url).tap("prod", { service: "web" })) seen.push(e.path);
    };
    await expect(iterate()).rejects.toThrow(TrellisNetworkError);
    await expect(iterate()).rejects.toThrow(/closed before its end event/);
    expect(seen).toEqual(["/items/1", "/items/1"]);
  });

  it("error answers reject with the typed error before any event", async () => {
    server = await tapServer((res, req) => {
      const forbidden = req.url!.includes("service=secret");
      const body = forbidden
        ? problemBody("forbidden", 403, "role viewer may not tap")
        : problemBody("unavailable", 503, "no connector of a cluster running web is connected");
      res.writeHead(forbidden ? 403 : 503, { "content-type": "application/problem+json" });
      res.end(JSON.stringify(body));
    });
    const first = async (service: string) => {
      for await (const e of client(server!.url).tap("prod", { service })) return e;
      return undefined;
    };
    await expect(first("secret")).rejects.toBeInstanceOf(ForbiddenError);
    const err = await first("web").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as UnavailableError).detail).toContain("no connector");
  });

  it("a TapStream is iterated once", async () => {
    server = await tapServer((res) => {
      sseHead(res);
      res.end(`event: end\ndata: {"reason":"max_duration","delivered":0,"dropped":0}\n\n`);
    });
    const tap = client(server.url).tap("prod", { service: "web" });
    for await (const _ of tap) throw new Error("no events expected");
    expect(tap.ended?.reason).toBe("max_duration");
    expect(() => tap[Symbol.asyncIterator]()).toThrow(/iterated once/);
  });
});
