import type { Socket } from "node:net";

type Peer = "src" | "dst";
type Totals = { open: number; opened: number; read: number; written: number };
const sides = ["inbound|src", "inbound|dst", "outbound|src", "outbound|dst"] as const;
type Side = (typeof sides)[number];

/**
 * Connection counters by direction and peer (`src`: the side that connected to us,
 * `dst`: the side we connected to). Byte counts are taken from the socket when it
 * closes and from live sockets at scrape time — no per-chunk accounting on the hot path.
 */
export class TcpCounters {
  private readonly totals = new Map<Side, Totals>(
    sides.map((s) => [s, { open: 0, opened: 0, read: 0, written: 0 }]),
  );
  private readonly live = new Map<Socket, Side>();

  track(socket: Socket, direction: "inbound" | "outbound", peer: Peer): void {
    const side: Side = `${direction}|${peer}`;
    const t = this.totals.get(side)!;
    t.open++;
    t.opened++;
    this.live.set(socket, side);
    socket.once("close", () => {
      t.open--;
      t.read += socket.bytesRead;
      t.written += socket.bytesWritten;
      this.live.delete(socket);
    });
  }

  values(field: keyof Totals): { labels: Record<string, string>; value: number }[] {
    const extra = new Map<Side, number>();
    if (field === "read" || field === "written") {
      for (const [socket, side] of this.live) {
        const n = field === "read" ? socket.bytesRead : socket.bytesWritten;
        extra.set(side, (extra.get(side) ?? 0) + n);
      }
    }
    return sides.map((side) => {
      const [direction, peer] = side.split("|");
      return {
        labels: { direction: direction!, peer: peer! },
        value: this.totals.get(side)![field] + (extra.get(side) ?? 0),
      };
    });
  }
}
