import type { CaptureOptions } from "./capture-options.ts";

/** Chains of the nat table that are ours; their names tell an operator who made them. */
export const chains = {
  inbound: "TRELLIS_INBOUND",
  inboundRedirect: "TRELLIS_INBOUND_REDIRECT",
  output: "TRELLIS_OUTPUT",
  outboundRedirect: "TRELLIS_OUTBOUND_REDIRECT",
} as const;

/** `-m multiport` takes at most 15 ports per rule, a range counting as two. */
function multiportChunks(ports: string[]): string[] {
  const chunks: string[][] = [[]];
  let used = 0;
  for (const p of ports) {
    const cost = p.includes(":") ? 2 : 1;
    if (used + cost > 15) {
      chunks.push([]);
      used = 0;
    }
    chunks.at(-1)!.push(p);
    used += cost;
  }
  return chunks.filter((c) => c.length > 0).map((c) => c.join(","));
}

/**
 * The pod's capture rules as `iptables-restore --noflush` input (IPv4, nat table):
 *
 * - inbound: every TCP connection arriving at the pod is redirected to the proxy's inbound
 *   port, except the skipped ports (the proxy's own, the app's probe ports);
 * - outbound: every TCP connection the pod opens is redirected to the proxy's outbound
 *   port, except the proxy's own (by uid: the proxy must reach the real destinations),
 *   loopback traffic (the app talking to itself or to the proxy), and the skipped ports
 *   and CIDRs.
 *
 * REDIRECT rewrites the destination; the proxy reads the original one with
 * SO_ORIGINAL_DST. Pure, so the rules are golden-tested.
 */
export function captureRules(o: CaptureOptions): string {
  const lines = ["*nat", ...Object.values(chains).map((c) => `:${c} - [0:0]`)];
  if (o.captureInbound) {
    lines.push(`-A ${chains.inboundRedirect} -p tcp -j REDIRECT --to-ports ${o.inboundPort}`);
    for (const ports of multiportChunks([
      String(o.inboundPort),
      ...o.skipInboundPorts.filter((p) => p !== String(o.inboundPort)),
    ]))
      lines.push(`-A ${chains.inbound} -p tcp -m multiport --dports ${ports} -j RETURN`);
    lines.push(`-A ${chains.inbound} -p tcp -j ${chains.inboundRedirect}`);
    lines.push(`-A PREROUTING -p tcp -j ${chains.inbound}`);
  }
  lines.push(`-A ${chains.outboundRedirect} -p tcp -j REDIRECT --to-ports ${o.outboundPort}`);
  lines.push(`-A ${chains.output} -m owner --uid-owner ${o.proxyUid} -j RETURN`);
  lines.push(`-A ${chains.output} -o lo -j RETURN`);
  for (const ports of multiportChunks(o.skipOutboundPorts))
    lines.push(`-A ${chains.output} -p tcp -m multiport --dports ${ports} -j RETURN`);
  for (const cidr of o.skipOutboundCidrs) lines.push(`-A ${chains.output} -d ${cidr} -j RETURN`);
  lines.push(`-A ${chains.output} -p tcp -j ${chains.outboundRedirect}`);
  lines.push(`-A OUTPUT -p tcp -j ${chains.output}`);
  lines.push("COMMIT", "");
  return lines.join("\n");
}
