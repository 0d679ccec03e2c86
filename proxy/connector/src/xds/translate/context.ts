import type { ConfigSnapshotV2 } from "@trellis/protocol/snapshot/v2";
import type { NodeProfile } from "./node-profile.ts";

/** What every translator reads: the snapshot, who asks, and where to note what it cannot express. */
export type TranslateContext = {
  snapshot: ConfigSnapshotV2;
  profile: NodeProfile;
  /** Parts of the snapshot the client's xDS dialect cannot express (logged, once per snapshot). */
  notes: Set<string>;
};

/** Resource names; cluster names are the snapshot's own (`<namespace>/<name>`). */
export const resourceNames = {
  outboundRoutes: "trellis/outbound",
  outboundListener: "trellis/outbound",
  inboundListener: "trellis/inbound",
  /** grpc-js-xds servers ask for `trellis/inbound/<ip>:<port>` (server_listener_resource_name_template). */
  serverListenerPrefix: "trellis/inbound/",
  localApp: "trellis/inbound/app",
  identitySecret: "trellis/identity",
  rootsSecret: "trellis/roots",
  /** Certificate provider instances in a proxyless bootstrap (gRFC A29). */
  identityProvider: "trellis-identity",
  rootsProvider: "trellis-roots",
} as const;

export const certFiles = { cert: "cert.pem", key: "key.pem", ca: "ca.pem" } as const;

/** Milliseconds as a proto3 JSON Duration ("1.5s"). */
export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const rest = ms % 1000;
  return rest === 0 ? `${s}s` : `${s}.${String(rest).padStart(3, "0").replace(/0+$/, "")}s`;
}

/** Parts per million as Envoy's FractionalPercent. */
export function perMillion(n: number): { numerator: number; denominator: "MILLION" } {
  return { numerator: n, denominator: "MILLION" };
}

export const typed = (name: string) => `type.googleapis.com/${name}`;
