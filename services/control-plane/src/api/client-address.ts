import { BlockList, isIP } from "node:net";
import type { Context as HonoContext } from "hono";

/** The load balancers and proxies allowed to say who the client is (`TRUSTED_PROXIES`). */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly empty: boolean;

  /** `cidrs`: `10.0.0.0/8`, `2001:db8::/32` or bare addresses; validated by the config loader. */
  constructor(cidrs: readonly string[]) {
    for (const cidr of cidrs) {
      const [address, bits] = cidr.split("/") as [string, string | undefined];
      const family = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (bits === undefined) this.list.addAddress(address, family);
      else this.list.addSubnet(address, Number(bits), family);
    }
    this.empty = cidrs.length === 0;
  }

  has(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.list.check(address, family === 6 ? "ipv6" : "ipv4");
  }
}

/**
 * Who the client is: the peer address, unless the peer is a trusted proxy — then the
 * rightmost X-Forwarded-For entry that is not itself a trusted proxy (each proxy appends
 * the address it saw, so entries left of that are the client's own claims). Pure.
 */
export function clientAddress(
  peer: string | null,
  forwardedFor: string | undefined,
  trusted: TrustedProxies,
): string | null {
  if (peer === null) return null;
  let client = normalise(peer);
  if (trusted.empty || !trusted.has(client) || !forwardedFor) return client;
  const hops = forwardedFor.split(",").map((h) => normalise(h.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    // A malformed entry ends the chain: trust nothing left of it.
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!trusted.has(hop)) return hop;
  }
  return client;
}

/** `::ffff:1.2.3.4` (an IPv4 peer on a dual-stack socket) is `1.2.3.4`. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** Whether `value` is an address or a CIDR block, for the config loader. */
export function isCidr(value: string): boolean {
  const [address, bits, extra] = value.split("/");
  const family = isIP(address ?? "");
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** The TCP peer of a request served by @hono/node-server. */
export function peerAddress(c: HonoContext): string | null {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}
