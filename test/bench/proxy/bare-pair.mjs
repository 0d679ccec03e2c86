// The floor for a Node data plane: a bare HTTP/1.1 proxy pair with mTLS and keep-alive
// pools (front: http in → https out with a client certificate; back: mTLS in → http
// app), no routing, metrics or identity checks. Run as `bare-pair.ts <front|back> <dir> <listen> <target>`.
import { readFileSync } from "node:fs";
import { createServer, Agent as HttpAgent, request as httpRequest } from "node:http";
import { createServer as createHttpsServer, Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { join } from "node:path";

const [role, dir, listenPort, targetPort] = process.argv.slice(2);
const key = readFileSync(join(dir, `${role}.key`));
const cert = readFileSync(join(dir, `${role}.pem`));
const ca = readFileSync(join(dir, "root.pem"));

if (role === "front") {
  const agent = new HttpsAgent({ keepAlive: true, key, cert, ca, servername: "back.mesh", maxSockets: 64 });
  createServer((req, res) => {
    const up = httpsRequest(
      {
        host: "127.0.0.1",
        port: targetPort,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
        servername: "back.mesh",
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on("error", () => res.writeHead(502).end());
    req.pipe(up);
  }).listen(Number(listenPort), "127.0.0.1", () => console.log("ready"));
} else {
  const agent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  createHttpsServer({ key, cert, ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const up = httpRequest(
      { host: "127.0.0.1", port: targetPort, method: req.method, path: req.url, headers: req.headers, agent },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on("error", () => res.writeHead(502).end());
    req.pipe(up);
  }).listen(Number(listenPort), "127.0.0.1", () => console.log("ready"));
}
