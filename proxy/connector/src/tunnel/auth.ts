import * as grpc from "@grpc/grpc-js";
import { tunnelMetadata } from "@trellis/protocol/tunnel";
import { type StoredCredential, sha256Hex } from "../state/state-dir.ts";

export type TunnelAuth = { kind: "credential"; credential: string } | { kind: "join-token"; token: string };

/**
 * Which secret to present. The stored credential wins, unless the configured join token
 * is not the one that minted it: that means the operator re-registered the cluster (a
 * new token) while keeping the old state dir, and the new token must be used.
 */
export function chooseAuth(
  stored: StoredCredential | null,
  joinToken: string | undefined,
): TunnelAuth | null {
  const minted = stored?.joinTokenSha256;
  if (stored && (!joinToken || minted === null || minted === sha256Hex(joinToken))) {
    return { kind: "credential", credential: stored.credential };
  }
  if (joinToken) return { kind: "join-token", token: joinToken };
  return null;
}

export function authMetadata(auth: TunnelAuth): grpc.Metadata {
  const md = new grpc.Metadata();
  if (auth.kind === "credential") md.set(tunnelMetadata.authorization, `Bearer ${auth.credential}`);
  else md.set(tunnelMetadata.joinToken, auth.token);
  return md;
}
