import { request } from "node:http";

/** GET JSON through the local proxy's outbound listener, addressed to a mesh service by Host. */
export function getViaOutbound(
  outbound: string,
  host: string,
  path: string,
  headers: Record<string, string> = {},
  // Generous: the first requests through a freshly started demo are slow on a busy machine
  // (cold code paths, first mTLS handshakes), and a timeout there is a failure in the
  // console's first view. Each hop waits less than its caller, so the inner one fails first.
  timeoutMs = 10_000,
): Promise<{ status: number; body: unknown; headers: Record<string, string | string[] | undefined> }> {
  const [h, p] = [
    outbound.slice(0, outbound.lastIndexOf(":")),
    Number(outbound.slice(outbound.lastIndexOf(":") + 1)),
  ];
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: h,
        port: p,
        path,
        headers: { host, accept: "application/json", ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: keep the text (e.g. an error page from the proxy)
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
        });
      },
    );
    req.on("timeout", () =>
      req.destroy(new Error(`GET http://${host}${path} timed out after ${timeoutMs} ms`)),
    );
    req.on("error", reject);
    req.end();
  });
}
