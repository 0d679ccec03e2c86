/** Object identifiers used by the CA, pre-encoded where they sit in templates. */
export const oid = {
  ecPublicKey: "1.2.840.10045.2.1",
  rsaEncryption: "1.2.840.113549.1.1.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  ecdsaWithSha384: "1.2.840.10045.4.3.3",
  ecdsaWithSha512: "1.2.840.10045.4.3.4",
  sha256WithRsa: "1.2.840.113549.1.1.11",
  sha384WithRsa: "1.2.840.113549.1.1.12",
  sha512WithRsa: "1.2.840.113549.1.1.13",
  extensionRequest: "1.2.840.113549.1.9.14",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  nameConstraints: "2.5.29.30",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
} as const;

/** Signature algorithm OID → node:crypto digest name. */
export const signatureDigests: Record<string, { digest: string; family: "ec" | "rsa" }> = {
  [oid.ecdsaWithSha256]: { digest: "sha256", family: "ec" },
  [oid.ecdsaWithSha384]: { digest: "sha384", family: "ec" },
  [oid.ecdsaWithSha512]: { digest: "sha512", family: "ec" },
  [oid.sha256WithRsa]: { digest: "sha256", family: "rsa" },
  [oid.sha384WithRsa]: { digest: "sha384", family: "rsa" },
  [oid.sha512WithRsa]: { digest: "sha512", family: "rsa" },
};
