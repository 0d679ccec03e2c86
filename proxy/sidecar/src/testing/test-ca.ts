import "reflect-metadata";
import { randomBytes, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type PeculiarKeys = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]["keys"];
type PeculiarSigningKey = PeculiarKeys["privateKey"];

const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/**
 * A throwaway certificate authority for tests and benchmarks: a self-signed P-256 root
 * that signs workload CSRs (SPIFFE URI SAN passed through) and can mint certificates
 * for peers the tests play themselves (a rogue trust domain, a wrong identity).
 */
export class TestCa {
  private constructor(
    readonly trustDomain: string,
    readonly rootPem: string,
    private readonly cert: x509.X509Certificate,
    private readonly keys: webcrypto.CryptoKeyPair,
  ) {}

  static async create(trustDomain: string): Promise<TestCa> {
    const keys = (await webcrypto.subtle.generateKey(alg, true, [
      "sign",
      "verify",
    ])) as webcrypto.CryptoKeyPair;
    const now = Date.now();
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomBytes(8).toString("hex"),
      name: `CN=Trellis test root ${trustDomain}`,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 30 * 24 * 3600_000),
      keys: keys as unknown as PeculiarKeys,
      signingAlgorithm: alg,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        new x509.SubjectAlternativeNameExtension([{ type: "url", value: `spiffe://${trustDomain}` }]),
      ],
    });
    return new TestCa(trustDomain, cert.toString("pem"), cert, keys);
  }

  /** Signs a CSR; refuses one whose URI SAN is not `identity`. */
  async signCsr(
    csrPem: string,
    identity: string,
    ttlSeconds: number,
  ): Promise<{ chainPem: string[]; notAfterMs: number }> {
    const csr = new x509.Pkcs10CertificateRequest(csrPem);
    if (!(await csr.verify())) throw new Error("CSR signature does not verify");
    const san = csr.extensions.find((e) => e instanceof x509.SubjectAlternativeNameExtension) as
      | x509.SubjectAlternativeNameExtension
      | undefined;
    const uris = san?.names.items.filter((n) => n.type === "url").map((n) => n.value) ?? [];
    if (uris.length !== 1 || uris[0] !== identity)
      throw new Error(`CSR names ${uris.join(",")}, not ${identity}`);
    return this.issueFor(csr.publicKey, identity, ttlSeconds);
  }

  /** A key and certificate minted here, for test peers that are not proxies. */
  async issue(
    identity: string,
    ttlSeconds = 3600,
    dnsNames: string[] = [],
  ): Promise<{ keyPem: string; chainPem: string[]; notAfterMs: number }> {
    const keys = (await webcrypto.subtle.generateKey(alg, true, [
      "sign",
      "verify",
    ])) as webcrypto.CryptoKeyPair;
    const issued = await this.issueFor(
      new x509.PublicKey(await webcrypto.subtle.exportKey("spki", keys.publicKey)),
      identity,
      ttlSeconds,
      dnsNames,
    );
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
    const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8
      .toString("base64")
      .replace(/(.{64})/g, "$1\n")
      .trimEnd()}\n-----END PRIVATE KEY-----\n`;
    return { keyPem, ...issued };
  }

  private async issueFor(
    publicKey: x509.PublicKey,
    identity: string,
    ttlSeconds: number,
    dnsNames: string[] = [],
  ) {
    const now = Date.now();
    const notAfter = new Date(now + ttlSeconds * 1000);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: randomBytes(8).toString("hex"),
      subject: "O=trellis-workload",
      issuer: this.cert.subject,
      notBefore: new Date(now - 60_000),
      notAfter,
      publicKey,
      signingKey: this.keys.privateKey as unknown as PeculiarSigningKey,
      signingAlgorithm: alg,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([
          x509.ExtendedKeyUsage.serverAuth,
          x509.ExtendedKeyUsage.clientAuth,
        ]),
        new x509.SubjectAlternativeNameExtension(
          [{ type: "url", value: identity }, ...dnsNames.map((value) => ({ type: "dns" as const, value }))],
          true,
        ),
      ],
    });
    return { chainPem: [cert.toString("pem")], notAfterMs: notAfter.getTime() };
  }
}
