import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from "node:crypto";
import { isSignedBy } from "../chain.ts";
import { CaError } from "../errors.ts";
import { sealIssuer } from "../sealed-issuer.ts";
import type { AuthorityState, CaState } from "../state.ts";
import { parseCertificate } from "../x509/certificate.ts";
import { children, readTlv, tag } from "../x509/der.ts";
import { allowedKeyTypesText, checkKeyType } from "../x509/key-policy.ts";
import { oid } from "../x509/oids.ts";
import { pemBlocks } from "../x509/pem.ts";

const dayMs = 86_400_000;

export type ExternalCaOptions = {
  trustDomain: string;
  /** The customer's issuing CA certificate (the one that will sign leaves). */
  certPem: string;
  /** Its private key, unencrypted PEM (PKCS#8, SEC1 or PKCS#1). Sealed with the KEK at once. */
  keyPem: string;
  /** The customer's root, which peers will trust. */
  rootPem: string;
  /** Certificates between the issuer and the root, issuer side first; usually none. */
  intermediatesPem?: string[];
  kek: Uint8Array;
  now?: Date;
  /** Refuse an issuer with less usable lifetime than this. Default 30 days. */
  minRemainingDays?: number;
};

const invalid = (message: string) => new CaError("external_ca_invalid", message);

/** Validates a bring-your-own issuing CA (issue 4 item 6); each failure names its problem. */
export function createExternalCa(options: ExternalCaOptions): CaState {
  return {
    version: 1,
    trustDomain: options.trustDomain,
    active: createExternalAuthority(options),
    retiring: null,
    rotationStartedAt: null,
  };
}

export function createExternalAuthority(options: ExternalCaOptions): AuthorityState {
  const now = options.now ?? new Date();
  const cert = readCertificate(options.certPem, "certificate");
  const root = readCertificate(options.rootPem, "root");
  const intermediates = (options.intermediatesPem ?? []).map((p, i) =>
    readCertificate(p, `intermediate ${i + 1}`),
  );
  const key = readKey(options.keyPem);

  if (!root.cert.checkIssued(root.cert) || !root.cert.verify(root.cert.publicKey)) {
    throw invalid(`root "${root.cert.subject}" is not self-signed; upload the top of your chain as the root`);
  }
  if (!root.cert.ca)
    throw invalid(`root "${root.cert.subject}" is not a CA (basicConstraints cA is not true)`);
  const extensions = parseCertificate(cert.cert.raw).extensions;
  if (!assertsCa(extensions.get(oid.basicConstraints)?.value)) {
    throw invalid(`certificate "${cert.cert.subject}" is not a CA (basicConstraints cA is not true)`);
  }
  const keyUsage = extensions.get(oid.keyUsage);
  // extnValue is a BIT STRING TLV: tag, length, unused bits, then bits 0–7; keyCertSign is bit 5 (0x04).
  if (keyUsage && ((keyUsage.value[3] ?? 0) & 0x04) === 0) {
    throw invalid(`certificate "${cert.cert.subject}" key usage does not include keyCertSign`);
  }
  const keyCheck = checkKeyType(key);
  if (!keyCheck.ok) throw invalid(`private key is ${keyCheck.description}; allowed: ${allowedKeyTypesText}`);
  const certSpki = cert.cert.publicKey.export({ format: "der", type: "spki" });
  if (!createPublicKey(key).export({ format: "der", type: "spki" }).equals(certSpki)) {
    throw invalid(`private key does not match certificate "${cert.cert.subject}"`);
  }
  checkChain([cert, ...intermediates], root);
  for (const c of [cert, ...intermediates, root]) checkValidity(c, now);
  const remainingDays = (new Date(cert.cert.validTo).getTime() - now.getTime()) / dayMs;
  const minDays = options.minRemainingDays ?? 30;
  if (remainingDays < minDays) {
    throw invalid(
      `certificate "${cert.cert.subject}" expires ${cert.cert.validTo}: ${Math.floor(remainingDays)} days left, at least ${minDays} required`,
    );
  }
  return {
    kind: "external",
    roots: [root.pem],
    issuer: sealIssuer(cert.pem, key, options.trustDomain, options.kek),
    chainPem: [cert.pem, ...intermediates.map((i) => i.pem)],
  };
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLen INTEGER OPTIONAL } */
function assertsCa(basicConstraints: Buffer | undefined): boolean {
  if (!basicConstraints) return false;
  const first = children(basicConstraints, readTlv(basicConstraints, 0))[0];
  return first?.tag === tag.boolean && basicConstraints[first.valueStart] !== 0;
}

type Read = { pem: string; cert: X509Certificate; label: string };

function readCertificate(text: string, label: string): Read {
  const blocks = safeBlocks(text, label).filter((b) => b.label === "CERTIFICATE");
  if (blocks.length !== 1) throw invalid(`${label}: expected one PEM CERTIFICATE, found ${blocks.length}`);
  try {
    return { pem: blocks[0]!.pem, cert: new X509Certificate(blocks[0]!.der), label };
  } catch {
    throw invalid(`${label}: the PEM CERTIFICATE is not a valid X.509 certificate`);
  }
}

function readKey(text: string): KeyObject {
  if (/ENCRYPTED/.test(text))
    throw invalid("private key is encrypted; upload it unencrypted (it is sealed at once)");
  try {
    return createPrivateKey(text);
  } catch {
    throw invalid("private key: not a PEM private key (PKCS#8, SEC1 or PKCS#1)");
  }
}

function safeBlocks(text: string, label: string) {
  try {
    return pemBlocks(text);
  } catch (e) {
    throw invalid(`${label}: ${(e as Error).message}`);
  }
}

function checkChain(chain: Read[], root: Read): void {
  const path = [...chain, root];
  for (let i = 0; i < chain.length; i++) {
    const child = path[i]!;
    const parent = path[i + 1]!;
    if (!child.cert.checkIssued(parent.cert)) {
      throw invalid(
        `${child.label} is not issued by ${parent.label}: its issuer is "${child.cert.issuer}", the ${parent.label} is "${parent.cert.subject}"`,
      );
    }
    if (!isSignedBy(child.cert, parent.cert)) {
      throw invalid(`${child.label}'s signature does not verify with the ${parent.label}'s key`);
    }
  }
}

function checkValidity(c: Read, now: Date): void {
  if (now.getTime() < new Date(c.cert.validFrom).getTime()) {
    throw invalid(`${c.label} "${c.cert.subject}" is not valid until ${c.cert.validFrom}`);
  }
  if (now.getTime() > new Date(c.cert.validTo).getTime()) {
    throw invalid(`${c.label} "${c.cert.subject}" expired ${c.cert.validTo}`);
  }
}
