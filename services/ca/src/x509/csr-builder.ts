import { createPublicKey, type KeyObject, sign } from "node:crypto";
import { encodeName, extension, signatureSchemeFor } from "./build.ts";
import { bitString, contextConstructed, encodeOid, seq, tag, tlv } from "./der.ts";
import { oid } from "./oids.ts";
import { derToPem } from "./pem.ts";

/**
 * A PKCS#10 CSR: our CA keys use it (ACM PCA intermediate mode) with a subject, and test
 * workloads with an empty subject and a URI SAN, as proxies send them.
 */
export function createCsr(
  privateKey: KeyObject,
  options: { commonName?: string; uris?: string[] } = {},
): string {
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  const name = options.commonName
    ? encodeName({ organization: "Trellis", commonName: options.commonName })
    : seq();
  const attributes = options.uris?.length
    ? [
        seq(
          encodeOid(oid.extensionRequest),
          tlv(
            tag.set,
            seq(
              extension(
                oid.subjectAltName,
                false,
                seq(...options.uris.map((u) => tlv(0x86, Buffer.from(u, "latin1")))),
              ),
            ),
          ),
        ),
      ]
    : [];
  const info = seq(tlv(tag.integer, Buffer.from([0])), name, spki, tlv(contextConstructed(0), ...attributes));
  const scheme = signatureSchemeFor(privateKey);
  return derToPem(
    "CERTIFICATE REQUEST",
    seq(info, scheme.algorithmIdentifier, bitString(sign(scheme.digest, info, privateKey))),
  );
}
