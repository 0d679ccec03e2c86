import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { prepareDir, writeFileAtomic } from "@trellis/proxy-core/atomic-file";
import { z } from "zod";

/**
 * The connector's state directory:
 *   credential.json  (0600) the cluster credential and which join token minted it
 *   snapshot.json    (0600) the raw payload of the last-known-good config snapshot
 * Both are replaced atomically; nothing else is written there.
 */
export const stateFiles = { credential: "credential.json", snapshot: "snapshot.json" } as const;

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

    /** Raw bytes of the last-known-good snapshot payload (validated by the caller). */
    loadSnapshot: () => readIfExists(path(stateFiles.snapshot)),
    saveSnapshot: (payload: Uint8Array) => writeFileAtomic(path(stateFiles.snapshot), payload, 0o600),
  };
}
