import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, request } from "node:http";
import { connect as h2connect } from "node:http2";
import { createServer as createNetServer, connect as netConnect } from "node:net";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import { listen, Scope, snapshot, startProxy, trustDomain } from "./harness.ts";

describe("protocols through a proxy pair", () => {
  const scope = new Scope();
  let ca: TestCa;
  let connector: FakeConnector;

  beforeEach(async () => {
    ca = await TestCa.create(trustDomain);
    connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
  });
  afterEach(() => scope.cleanup());

  async function pairFor(app: number, protocol: "http" | "http2" | "tcp" = "http") {
    const server = await startProxy(scope, { connector: connector.address, service: "api", sa: "api", app });
    const client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [
          {
            name: "api",
            protocol,
            port: protocol === "tcp" ? 5432 : 80,
            endpoints: [{ port: server.inboundPort, sa: "api" }],
          },
        ],
      }),
    );
    for (const p of [server, client]) {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${p.adminPort}/ready`)).status === 200);
    }
    return { server, client };
  }

  it("streams a large chunked body both ways and carries trailers", async () => {
    // The app hashes what it receives and streams back the same bytes plus a trailer.
    const app = createServer((req, res) => {
      const hash = createHash("sha256");
      res.writeHead(200, { "content-type": "application/octet-stream", trailer: "x-sha256" });
      req.on("data", (c: Buffer) => {
        hash.update(c);
        res.write(c);
      });
      req.on("end", () => {
        res.addTrailers({ "x-sha256": hash.digest("hex") });
        res.end();
      });
    });
    const { client } = await pairFor(await listen(scope, app));
    const payload = randomBytes(8 * 1024 * 1024);
    const expected = createHash("sha256").update(payload).digest("hex");
    const result = await new Promise<{ hash: string; trailer: string | undefined; chunked: boolean }>(
      (resolve, reject) => {
        const req = request(
          {
            host: "127.0.0.1",
            port: client.outboundPort,
            method: "POST",
            path: "/upload",
            headers: { host: "api" },
          },
          (res) => {
            const hash = createHash("sha256");
            res.on("data", (c: Buffer) => hash.update(c));
            res.on("end", () =>
              resolve({
                hash: hash.digest("hex"),
                trailer: res.trailers["x-sha256"],
                chunked: res.headers["transfer-encoding"] === "chunked",
              }),
            );
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        // Written in pieces without a content-length: chunked end to end.
        for (let i = 0; i < payload.length; i += 256 * 1024) req.write(payload.subarray(i, i + 256 * 1024));
        req.end();
      },
    );
    expect(result.hash).toBe(expected);
    expect(result.trailer).toBe(expected);
    expect(result.chunked).toBe(true);
  });

  it("holds a fast app back while the client does not read, then delivers every byte", async () => {
    // The app streams as fast as its socket takes it. While the client reads nothing, both
    // proxies must stop reading too (backpressure through every hop), not buffer the response.
    const chunk = Buffer.alloc(64 * 1024, 1);
    const total = 192 * 1024 * 1024;
    let sent = 0;
    let waitingForDrain = false;
    const app = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const pump = () => {
        waitingForDrain = false;
        while (sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            waitingForDrain = true;
            res.once("drain", pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const { client } = await pairFor(await listen(scope, app));
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port: client.outboundPort, path: "/stream", headers: { host: "api" } },
        resolve,
      );
      req.on("error", reject);
      req.end();
    });
    res.pause();
    // Held back: the app waits for a drain that does not come, its count unchanged between polls.
    let last = -1;
    await waitFor(
      () => {
        const held = waitingForDrain && sent === last;
        last = sent;
        return held;
      },
      { intervalMs: 250, what: () => `the app to be held back (${sent} of ${total} bytes sent)` },
    );
    // Socket buffers on three connections hold some MB; a proxy that buffered would hold it all.
    expect(sent).toBeLessThan(total / 2);
    let received = 0;
    res.on("data", (c: Buffer) => {
      received += c.length;
    });
    res.resume();
    await new Promise((resolve) => res.once("end", resolve));
    expect(received).toBe(total);
  }, 120_000);

  it("upgrades to a WebSocket-style connection end to end", async () => {
    const app = createServer((_req, res) => res.end("not upgraded"));
    app.on("upgrade", (req, socket) => {
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nupgrade: echo\r\nconnection: Upgrade\r\nx-client: ${req.headers["x-trellis-client-identity"]}\r\n\r\n`,
      );
      socket.on("data", (d: Buffer) => socket.write(Buffer.from(d.toString().toUpperCase())));
      socket.on("end", () => socket.end());
    });
    const { client } = await pairFor(await listen(scope, app));
    const { head, echoed } = await new Promise<{ head: string; echoed: string }>((resolve, reject) => {
      const req = request({
        host: "127.0.0.1",
        port: client.outboundPort,
        path: "/ws",
        headers: { host: "api", connection: "Upgrade", upgrade: "echo" },
      });
      req.on("upgrade", (res, socket) => {
        socket.write("hello over the mesh");
        socket.once("data", (d: Buffer) => {
          resolve({ head: `${res.statusCode} ${res.headers["x-client"]}`, echoed: d.toString() });
          socket.destroy();
        });
      });
      req.on("error", reject);
      req.end();
    });
    expect(head).toBe("101 spiffe://test.mesh.local/ns/default/sa/web");
    expect(echoed).toBe("HELLO OVER THE MESH");
  });

  it("tunnels opaque TCP with CONNECT to a tcp port", async () => {
    const echo = createNetServer((s) => s.pipe(s));
    const { client } = await pairFor(await listen(scope, echo), "tcp");
    const reply = await new Promise<string>((resolve, reject) => {
      const s = netConnect(client.outboundPort, "127.0.0.1", () => {
        s.write(
          "CONNECT api.default.svc.cluster.local:5432 HTTP/1.1\r\nhost: api.default.svc.cluster.local:5432\r\n\r\n",
        );
      });
      let buf = "";
      let established = false;
      s.on("data", (d: Buffer) => {
        buf += d.toString();
        if (!established && buf.includes("\r\n\r\n")) {
          established = buf.startsWith("HTTP/1.1 200");
          buf = "";
          if (!established) return reject(new Error("CONNECT refused"));
          s.write("\x00\x01binary\xff");
        } else if (established && buf.length >= 9) {
          resolve(buf);
          s.destroy();
        }
      });
      s.on("error", reject);
    });
    expect(reply).toBe("\x00\x01binary\xff");
  });

  it("carries HTTP/2 (h2c from the app) over h2 between proxies", async () => {
    const { createServer: createH2 } = await import("node:http2");
    const app = createH2();
    app.on("stream", (stream, headers) => {
      stream.respond({ ":status": 200, "x-path": String(headers[":path"]) });
      stream.end(`h2 ${headers[":authority"]}`);
    });
    const { client } = await pairFor(await listen(scope, app), "http2");
    const session = h2connect(`http://127.0.0.1:${client.outboundPort}`);
    scope.add(() => session.close());
    const results = await Promise.all(
      [1, 2, 3].map(
        (i) =>
          new Promise<string>((resolve, reject) => {
            const s = session.request({ ":path": `/m/${i}`, ":authority": "api" });
            let body = "";
            let path = "";
            s.on("response", (h) => {
              path = String(h["x-path"]);
            });
            s.on("data", (d: Buffer) => {
              body += d.toString();
            });
            s.on("end", () => resolve(`${path} ${body}`));
            s.on("error", reject);
          }),
      ),
    );
    expect(results).toEqual(["/m/1 h2 api", "/m/2 h2 api", "/m/3 h2 api"]);
  });
});
