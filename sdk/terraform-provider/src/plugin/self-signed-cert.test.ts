import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { selfSignedCert } from "./self-signed-cert.ts";

describe("the AutoMTLS certificate", () => {
  it("is a self-signed certificate for localhost that verifies with its own key", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const { certPem, der } = selfSignedCert(now, 30);
    const cert = new X509Certificate(certPem);
    expect(cert.raw.equals(der)).toBe(true);
    expect(cert.subject).toBe("CN=localhost");
    expect(cert.issuer).toBe("CN=localhost");
    expect(cert.subjectAltName).toBe("DNS:localhost");
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.ca).toBe(true);
    expect(cert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
    expect(new Date(cert.validFrom).getTime()).toBe(now.getTime() - 30_000);
    expect(new Date(cert.validTo).getTime()).toBe(now.getTime() + 30 * 86_400_000);
  });

  it("has a fresh key and serial every time", () => {
    const a = new X509Certificate(selfSignedCert().certPem);
    const b = new X509Certificate(selfSignedCert().certPem);
    expect(a.serialNumber).not.toBe(b.serialNumber);
    expect(a.publicKey.export({ format: "jwk" })).not.toEqual(b.publicKey.export({ format: "jwk" }));
  });
});
