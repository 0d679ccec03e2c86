import { generateKeyPairSync } from "node:crypto";
import { createCsr } from "../x509/csr-builder.ts";

/**
 * Workload-style CSRs for tests and benchmarks of packages that drive the CA (the control
 * plane's sign flow): a fresh key, an empty subject and, optionally, the URI SAN.
 */
export function makeWorkloadCsr(options: { identity?: string; keyType?: "p256" | "p384" | "rsa2048" } = {}): {
  csrPem: string;
  keyPem: string;
} {
  const keyType = options.keyType ?? "p256";
  const { privateKey } =
    keyType === "rsa2048"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : generateKeyPairSync("ec", { namedCurve: keyType === "p384" ? "P-384" : "P-256" });
  return {
    csrPem: createCsr(privateKey, options.identity ? { uris: [options.identity] } : {}),
    keyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
  };
}
