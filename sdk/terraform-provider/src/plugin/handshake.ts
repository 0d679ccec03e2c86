// go-plugin's handshake, as Terraform starts a provider: it sets a magic cookie (so the
// binary refuses to run by hand), the protocol versions it speaks and, for AutoMTLS, its
// own client certificate; the plugin answers one line on stdout saying where it listens.

/** Terraform's magic cookie: the same for every provider. */
export const magicCookie = {
  key: "TF_PLUGIN_MAGIC_COOKIE",
  value: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
} as const;

/** go-plugin's own protocol version (the first field of the handshake line). */
export const coreProtocolVersion = 1;
/** The Terraform plugin protocol major version this provider speaks. */
export const pluginProtocolVersion = 6;

export type HandshakeEnv = Record<string, string | undefined>;

export type Negotiated =
  | { ok: true; version: number; clientCertPem: string | undefined }
  | { ok: false; error: string };

/** Checks the cookie and picks the protocol version; the error is what to print on stderr. */
export function negotiate(env: HandshakeEnv): Negotiated {
  if (env[magicCookie.key] !== magicCookie.value) {
    return {
      ok: false,
      error:
        "This binary is a Terraform provider plugin: Terraform runs it, not a person.\n" +
        "Install it as the README of terraform-provider-trellis says, then run `terraform init`.",
    };
  }
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? String(pluginProtocolVersion))
    .split(",")
    .map((v) => Number(v.trim()));
  if (!offered.includes(pluginProtocolVersion)) {
    return {
      ok: false,
      error: `terraform-provider-trellis speaks plugin protocol ${pluginProtocolVersion}, this Terraform offers ${offered.join(", ")}: use Terraform 1.0 or newer`,
    };
  }
  const clientCertPem = env.PLUGIN_CLIENT_CERT?.trim() ? env.PLUGIN_CLIENT_CERT : undefined;
  return { ok: true, version: pluginProtocolVersion, clientCertPem };
}

/**
 * `CORE|APP|NETWORK|ADDRESS|PROTOCOL|CERT`: the certificate is base64 DER without padding
 * (go-plugin decodes it with Go's RawStdEncoding), empty without AutoMTLS.
 */
export function handshakeLine(address: { host: string; port: number }, certDer: Buffer | undefined): string {
  const cert = certDer ? certDer.toString("base64").replace(/=+$/, "") : "";
  return [
    coreProtocolVersion,
    pluginProtocolVersion,
    "tcp",
    `${address.host}:${address.port}`,
    "grpc",
    cert,
  ].join("|");
}
