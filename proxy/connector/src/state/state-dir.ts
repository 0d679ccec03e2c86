import { createHash } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { snapshotSchemaId } from "@trellis/protocol/snapshot";
import { snapshotV2SchemaId } from "@trellis/protocol/snapshot/v2";
import { prepareDir, writeFileAtomic } from "@trellis/proxy-core/atomic-file";
import { z } from "zod";
import type { AcceptedSnapshot } from "../tunnel/snapshot-check.ts";

/**
 * The connector's state directory:
 *   credential.json  (0600) the cluster credential and which join token minted it
 *   snapshot.json    (0600) the last-known-good snapshot as trellis.config/v1 (raw payload)
 *   snapshot-v2.json (0600) the same version as trellis.config/v2, when the control plane sent it
 *   webhook-tls.json (0600) the injector's serving certificate from the mesh CA (--webhook-tls mesh-ca)
 * Each is replaced atomically; nothing else is written there. `snapshot.json` keeps its
 * name and format so a connector of the previous release can run on the same state dir.
 */
export const stateFiles = {
  credential: "credential.json",
  snapshot: "snapshot.json",
  snapshotV2: "snapshot-v2.json",
  webhookTls: "webhook-tls.json",
} as const;

const webhookTlsSchema = z.object({
  certChainPem: z.array(z.string()).min(1),
  keyPem: z.string().min(1),
  trustBundlePem: z.array(z.string()).min(1),
  notAfterMs: z.number(),
  notBeforeMs: z.number(),
});
/** The injector's serving certificate, its key and the trust bundle its caBundle carries. */
export type WebhookTls = z.infer<typeof webhookTlsSchema>;

const storedCredentialSchema = z.object({
  credential: z.string().min(1),
  clusterId: z.string().default(""),
  /** SHA-256 of the join token that was exchanged for this credential, if any. */
  joinTokenSha256: z.string().nullable().default(null),
  obtainedAt: z.string(),
});
export type StoredCredential = z.infer<typeof storedCredentialSchema>;

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

export type StateDir = ReturnType<typeof openStateDir>;

export function openStateDir(dir: string) {
  const path = (name: string) => join(dir, name);
  return {
    dir,
    prepare: () => prepareDir(dir),

    /** The stored credential; a corrupt file is an error (better than silently re-joining). */
    async loadCredential(): Promise<StoredCredential | null> {
      const raw = await readIfExists(path(stateFiles.credential));
      if (!raw) return null;
      const parsed = storedCredentialSchema.safeParse(JSON.parse(raw.toString("utf8")));
      if (!parsed.success) throw new Error(`${path(stateFiles.credential)} is not a valid credential file`);
      return parsed.data;
    },
    saveCredential: (cred: StoredCredential) =>
      writeFileAtomic(path(stateFiles.credential), `${JSON.stringify(cred, null, 2)}\n`, 0o600),

    /** The stored webhook certificate; a corrupt file counts as none (a new one is requested). */
    async loadWebhookTls(): Promise<WebhookTls | null> {
      const raw = await readIfExists(path(stateFiles.webhookTls));
      if (!raw) return null;
      try {
        return webhookTlsSchema.parse(JSON.parse(raw.toString("utf8")));
      } catch {
        return null;
      }
    },
    saveWebhookTls: (tls: WebhookTls) =>
      writeFileAtomic(path(stateFiles.webhookTls), `${JSON.stringify(tls)}\n`, 0o600),

    /** Raw bytes of the last-known-good payloads (validated by the caller). */
    loadSnapshots: async () => ({
      v1: await readIfExists(path(stateFiles.snapshot)),
      v2: await readIfExists(path(stateFiles.snapshotV2)),
    }),
    /**
     * Writes every rendering held and removes one the new snapshot lacks (a stale file
     * would be served after a restart as if current). v2 goes first: after a crash between
     * the writes, the loader keeps only the newest version.
     */
    async saveSnapshots(snapshot: AcceptedSnapshot): Promise<void> {
      for (const [schema, file] of [
        [snapshotV2SchemaId, stateFiles.snapshotV2],
        [snapshotSchemaId, stateFiles.snapshot],
      ] as const) {
        const held = snapshot.payloads.find((p) => p.schema === schema);
        if (held) await writeFileAtomic(path(file), held.payload, 0o600);
        else await rm(path(file), { force: true });
      }
    },
  };
}
