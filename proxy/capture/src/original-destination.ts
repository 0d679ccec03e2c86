import type { Socket } from "node:net";
import koffi from "koffi";

/**
 * Where a redirected connection was going before iptables REDIRECT rewrote it: the
 * kernel keeps it in the connection's conntrack entry and answers getsockopt
 * SO_ORIGINAL_DST (IPv4, also for v4-mapped sockets) or IP6T_SO_ORIGINAL_DST (IPv6).
 *
 * Node has no API for it, so libc's getsockopt is called through koffi, an FFI whose npm
 * package ships prebuilt binaries (no compiler at install, and npm 11 need not run an
 * install script). Measured cost and the alternatives: README.md.
 */
export interface OriginalDestination {
  address: string;
  port: number;
  family: "IPv4" | "IPv6";
}

const SOL_IP = 0;
const SOL_IPV6 = 41;
/** SO_ORIGINAL_DST and IP6T_SO_ORIGINAL_DST share the number 80. */
const SO_ORIGINAL_DST = 80;
const ENOENT = 2;

type GetSockOpt = (fd: number, level: number, name: number, value: Buffer, length: Buffer) => number;
let getsockopt: GetSockOpt | undefined;
// One call at a time (JavaScript is single-threaded), so the buffers are reused.
const value = Buffer.alloc(28);
const length = Buffer.alloc(4);

function libcGetsockopt(): GetSockOpt {
  if (process.platform !== "linux") throw new Error("SO_ORIGINAL_DST exists only on Linux");
  getsockopt ??= koffi.load("libc.so.6").func("int getsockopt(int, int, int, void *, void *)") as GetSockOpt;
  return getsockopt;
}

/** The file descriptor under a connected net.Socket (Node's TCP handle exposes it on Linux). */
function fdOf(socket: Socket): number {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== "number" || fd < 0)
    throw new Error("the socket has no file descriptor (closed, or not TCP)");
  return fd;
}

/**
 * The original destination of an accepted connection. For a connection that was not
 * redirected it is the socket's own local address; null when the kernel tracks no
 * connection for it (no NAT rule in this network namespace, so no conntrack entry).
 */
export function originalDestination(socket: Socket): OriginalDestination | null {
  const call = libcGetsockopt();
  const v6 = socket.remoteFamily === "IPv6" && !socket.remoteAddress?.startsWith("::ffff:");
  length.writeUInt32LE(v6 ? 28 : 16, 0);
  if (call(fdOf(socket), v6 ? SOL_IPV6 : SOL_IP, SO_ORIGINAL_DST, value, length) !== 0) {
    const errno = koffi.errno();
    if (errno === ENOENT) return null;
    throw new Error(`getsockopt(SO_ORIGINAL_DST) failed: errno ${errno}`);
  }
  const port = value.readUInt16BE(2);
  if (!v6) return { address: `${value[4]}.${value[5]}.${value[6]}.${value[7]}`, port, family: "IPv4" };
  const groups: string[] = [];
  for (let i = 8; i < 24; i += 2) groups.push(value.readUInt16BE(i).toString(16));
  return { address: compressIPv6(groups), port, family: "IPv6" };
}

/** `0:0:0:0:0:0:0:1` → `::1` (the longest run of zero groups becomes `::`). */
function compressIPv6(groups: string[]): string {
  let best = { at: -1, len: 0 };
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === "0") j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(":");
  return `${groups.slice(0, best.at).join(":")}::${groups.slice(best.at + best.len).join(":")}`;
}
