import "reflect-metadata";
import { randomBytes, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { type SignRequest, type SignResponse__Input, timestampFromMs } from "@trellis/protocol/tunnel";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
type Keys = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]["keys"];

/**
 * A throwaway mesh CA for connector tests: a self-signed P-256 root that signs workload
 * CSRs with their SPIFFE URI SAN, as the control plane's builtin CA does. `signer()`
 * plugs it into the fake control plane.
 */
export class TestCa {
  private constructor(
    readonly trustDomain: string,
    readonly rootPem: string,
    private readonly root: x509.X509Certificate,
    private readonly keys: webcrypto.CryptoKeyPair,
  ) {}

  static async create(trustDomain: string): Promise<TestCa> {
    const keys = (await webcrypto.subtle.generateKey(alg, true, [
      "sign",
      "verify",
    ])) as webcrypto.CryptoKeyPair;
    const now = Date.now();
    const root = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomBytes(8).toString("hex"),
      name: `CN=Trellis test root ${trustDomain}`,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 7 * 24 * 3600_000),
      keys: keys as unknown as Keys,
      signingAlgorithm: alg,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ],
    });
    return new TestCa(trustDomain, root.toString("pem"), root, keys);
  }

  /** Signs a CSR whose only URI SAN is `identity` (refuses anything else). */
  async signCsr(
    csrPem: string,
    identity: string,
    ttlSeconds = 3600,
  ): Promise<{ chainPem: string[]; notAfterMs: number }> {
    const csr = new x509.Pkcs10CertificateRequest(csrPem);
    if (!(await csr.verify())) throw new Error("CSR signature does not verify");
    const san = csr.extensions.find((e) => e instanceof x509.SubjectAlternativeNameExtension) as
      | x509.SubjectAlternativeNameExtension
      | undefined;
    const uris = san?.names.items.filter((n) => n.type === "url").map((n) => n.value) ?? [];
    if (uris.length !== 1 || uris[0] !== identity)
      throw new Error(`CSR names ${uris.join(",")}, not ${identity}`);
    const notAfterMs = Date.now() + ttlSeconds * 1000;
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: randomBytes(8).toString("hex"),
      subject: "",
      issuer: this.root.subject,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(notAfterMs),
      publicKey: csr.publicKey,
      signingKey: this.keys.privateKey as unknown as Keys["privateKey"],
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
        new x509.SubjectAlternativeNameExtension([{ type: "url", value: identity }], true),
        await x509.AuthorityKeyIdentifierExtension.create(this.root),
      ],
    });
    return { chainPem: [leaf.toString("pem")], notAfterMs };
  }

  /** A FakeControlPlane signer backed by this CA. */
  signer(ttlSeconds = 3600): (req: SignRequest) => Promise<SignResponse__Input> {
    return async (req) => {
      try {
        const { chainPem, notAfterMs } = await this.signCsr(req.csrPem, req.identity, ttlSeconds);
        return {
          requestId: req.requestId,
          certificate: {
            certChainPem: chainPem,
            trustBundlePem: [this.rootPem],
            notAfter: timestampFromMs(notAfterMs),
          },
        };
      } catch (err) {
        return { requestId: req.requestId, error: { code: "invalid", message: (err as Error).message } };
      }
    };
  }
}
