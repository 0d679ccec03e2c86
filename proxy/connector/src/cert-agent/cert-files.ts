import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { prepareDir, writeFileAtomic } from "@trellis/proxy-core/atomic-file";
import { certFiles } from "../xds/translate/context.ts";

/**
 * The workload's certificate files, where its bootstrap points: `key.pem` (0600, made
 * here), `cert.pem` (leaf first, then intermediates) and `ca.pem` (the mesh's roots).
 * Each is replaced atomically; the key is written before the certificate so a reader
 * never pairs a new certificate with an old key for longer than one refresh.
 */
export function certDir(dir: string) {
  const path = (name: string) => join(dir, name);
  return {
    prepare: () => prepareDir(dir),
    async writeIdentity(keyPem: string, chainPem: readonly string[]): Promise<void> {
      await writeFileAtomic(path(certFiles.key), keyPem, 0o600);
      await writeFileAtomic(path(certFiles.cert), chainPem.join(""), 0o644);
    },
    writeRoots: (bundle: readonly string[]) => writeFileAtomic(path(certFiles.ca), bundle.join("\n"), 0o644),
    /** The identity already on disk, if its key and certificate agree and name `spiffeId`. */
    async loadIdentity(spiffeId: string): Promise<{ keyPem: string; chainPem: string[] } | null> {
      try {
        const keyPem = await readFile(path(certFiles.key), "utf8");
        const chain = splitPem(await readFile(path(certFiles.cert), "utf8"));
        const leaf = new X509Certificate(chain[0]!);
        if (!leaf.subjectAltName?.split(", ").includes(`URI:${spiffeId}`)) return null;
        return { keyPem, chainPem: chain };
      } catch {
        return null;
      }
    },
    async loadRoots(): Promise<string[]> {
      try {
        return splitPem(await readFile(path(certFiles.ca), "utf8"));
      } catch {
        return [];
      }
    },
  };
}

export function splitPem(pem: string): string[] {
  return (
    pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((c) => `${c}\n`) ?? []
  );
}
