import { request as httpRequest } from "node:http";
import { problemSchema } from "@trellis/protocol/errors";
import type { FuzzRequest } from "./mutations.ts";

/** What came back for one fuzzed request, and what is wrong with it (if anything). */
export interface Outcome {
  request: FuzzRequest;
  status: number;
  /** Why this response breaks the contract: a 5xx, or an error that is not problem+json. */
  violation: string | null;
}

/**
 * Sends one request and checks the answer: never ≥ 500, every error an RFC 9457 problem.
 * node:http rather than fetch: a server may answer before reading a large body and close
 * the connection, and that answer must still be read.
 */
export async function send(baseUrl: string, token: string, r: FuzzRequest): Promise<Outcome> {
  try {
    const res = await exchange(baseUrl + r.path, r, token);
    return { request: r, status: res.status, violation: violationOf(res.status, res.headers, res.text) };
  } catch (err) {
    return { request: r, status: 0, violation: `no answer: ${(err as Error).message}` };
  }
}

function exchange(url: string, r: FuzzRequest, token: string) {
  return new Promise<{ status: number; headers: Headers; text: string }>((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: r.method,
        // An explicit length: Node frames no body of a DELETE on its own.
        headers: {
          authorization: `Bearer ${token}`,
          ...r.headers,
          ...(r.body === undefined ? {} : { "content-length": String(Buffer.byteLength(r.body)) }),
        },
        timeout: 30_000,
        // A connection per request: a body the server did not read must not become the next request.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers.set(k, v);
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer within 30 s")));
    // The server may stop reading once it has answered; that is not a failure of the answer.
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE" && err.code !== "ECONNRESET") reject(err);
    });
    req.end(r.body);
  });
}

export function violationOf(status: number, headers: Headers, text: string): string | null {
  if (status >= 500) return `status ${status}: ${text.slice(0, 300)}`;
  if (status < 400) return null;
  const type = headers.get("content-type") ?? "";
  if (!type.startsWith("application/problem+json")) return `error ${status} as ${type || "no content type"}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `error ${status} whose body is not JSON: ${text.slice(0, 100)}`;
  }
  const problem = problemSchema.safeParse(body);
  if (!problem.success) return `error ${status} that is not a problem: ${text.slice(0, 200)}`;
  if (problem.data.status !== status) return `problem.status ${problem.data.status} on a ${status}`;
  return null;
}

/** A short, replayable description of a request for the failure message. */
export function describe(r: FuzzRequest): string {
  const body =
    r.body === undefined
      ? ""
      : typeof r.body === "string"
        ? ` ${JSON.stringify(r.body.length > 200 ? `${r.body.slice(0, 200)}…(${r.body.length} chars)` : r.body)}`
        : ` <${r.body.length} bytes>`;
  return `[${r.kind}] ${r.method} ${r.path.length > 120 ? `${r.path.slice(0, 120)}…` : r.path} ${JSON.stringify(r.headers).slice(0, 200)}${body}`;
}
