import { describe, expect, it } from "vitest";
import { handshakeLine, magicCookie, negotiate } from "./handshake.ts";

const cookie = { [magicCookie.key]: magicCookie.value };

describe("the go-plugin handshake", () => {
  it("refuses to run without Terraform's magic cookie", () => {
    const r = negotiate({});
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/Terraform runs it/);
  });

  it("speaks protocol 6 when Terraform offers it, with the client certificate for AutoMTLS", () => {
    expect(negotiate({ ...cookie, PLUGIN_PROTOCOL_VERSIONS: "5,6", PLUGIN_CLIENT_CERT: "PEM" })).toEqual({
      ok: true,
      version: 6,
      clientCertPem: "PEM",
    });
  });

  it("explains a Terraform that only speaks protocol 5", () => {
    const r = negotiate({ ...cookie, PLUGIN_PROTOCOL_VERSIONS: "5" });
    expect(!r.ok && r.error).toMatch(/speaks plugin protocol 6, this Terraform offers 5/);
  });

  it("prints the address and the certificate as unpadded base64 DER", () => {
    const der = Buffer.from([1, 2, 3, 4]); // "AQIDBA==" padded
    expect(handshakeLine({ host: "127.0.0.1", port: 4321 }, der)).toBe("1|6|tcp|127.0.0.1:4321|grpc|AQIDBA");
    expect(handshakeLine({ host: "127.0.0.1", port: 4321 }, undefined)).toBe("1|6|tcp|127.0.0.1:4321|grpc|");
  });
});
