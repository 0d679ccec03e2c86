import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { TrellisClient } from "@trellis/sdk";

let counter = 0;

/** A fresh email address, unique across this test run. */
export function uniqueEmail(): string {
  return `sdk${++counter}-${process.pid}-${Date.now()}@example.com`;
}

export const password = "correct horse battery staple";

/** A real control plane plus an owner signed up through the SDK and an owner API token client. */
export async function startWithOwner(): Promise<{
  cp: TestControlPlane;
  session: TrellisClient;
  owner: TrellisClient;
  email: string;
}> {
  const cp = await startTestControlPlane();
  const session = new TrellisClient({ baseUrl: cp.url, retries: 0 });
  const email = uniqueEmail();
  await session.auth.signup({ email, password, orgName: "Acme" });
  const created = await session.tokens.create({ name: "owner", role: "owner" });
  const owner = new TrellisClient({ baseUrl: cp.url, token: created.token, retries: 0 });
  return { cp, session, owner, email };
}

/** One request as a fake server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A tiny local HTTP server whose answers the test scripts; it records every request. */
export async function fakeApi(
  handler: (req: SeenRequest, res: ServerResponse, index: number) => void,
): Promise<{ url: string; seen: SeenRequest[]; close(): Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      const r = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(r);
      handler(r, res, seen.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers JSON (or problem+json for status >= 400). */
export function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const type = status >= 400 ? "application/problem+json" : "application/json";
  res.writeHead(status, { "content-type": type, ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/** A problem+json body as the control plane writes it. */
export function problemBody(code: string, status: number, detail: string) {
  return {
    type: `https://trellis.dev/problems/${code}`,
    title: code,
    status,
    detail,
    code,
    requestId: "req_fake1234",
  };
}

/** The URL of a loopback port nobody listens on (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
