import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import type { Config } from "../config.ts";

/** TLS when a certificate is configured; plaintext otherwise (config.ts allows that on loopback only). */
export function tunnelServerCredentials(config: Config): grpc.ServerCredentials {
  if (!config.TUNNEL_TLS_CERT_FILE || !config.TUNNEL_TLS_KEY_FILE)
    return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(
    null,
    [
      {
        cert_chain: readFileSync(config.TUNNEL_TLS_CERT_FILE),
        private_key: readFileSync(config.TUNNEL_TLS_KEY_FILE),
      },
    ],
    false,
  );
}

export function tunnelUrl(config: Config, port: number): string {
  const scheme = config.TUNNEL_TLS_CERT_FILE ? "https" : "http";
  const host = config.TUNNEL_HOST.includes(":") ? `[${config.TUNNEL_HOST}]` : config.TUNNEL_HOST;
  return `${scheme}://${host}:${port}`;
}
