import { type Agent, type IncomingHttpHeaders, request } from "node:http";

export type Reply = { status: number; headers: IncomingHttpHeaders; body: string };

/** A plain HTTP/1.1 request to 127.0.0.1:port with a Host header; body collected. */
export function httpRequest(
  port: number,
  opts: {
    host: string;
    path?: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    agent?: Agent;
  },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: opts.method ?? "GET",
        path: opts.path ?? "/",
        headers: { host: opts.host, ...opts.headers },
        agent: opts.agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}
