import { createServer } from "node:net";

/** A port for a server that cannot listen on port 0 itself (nginx, the bare pair). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
