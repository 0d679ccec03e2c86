import { randomBytes } from "node:crypto";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { CaError } from "./errors.ts";

/**
 * The embedded default's key-encryption key: 32 random bytes in a file the control plane
 * owns, created with 0600 on first start. Production passes a KEK from its secret store
 * instead. The caller logs `created` (issue 4 item 2: "says so in the log").
 */
export async function loadOrCreateKek(filePath: string): Promise<{ kek: Buffer; created: boolean }> {
  try {
    const kek = await readFile(filePath);
    if (kek.length !== 32) {
      throw new CaError(
        "state_invalid",
        `key-encryption key file ${filePath} holds ${kek.length} bytes, not 32`,
      );
    }
    const mode = (await stat(filePath)).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new CaError(
        "state_invalid",
        `key-encryption key file ${filePath} is readable by others (mode ${mode.toString(8)}); chmod 600 it`,
      );
    }
    return { kek, created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  await mkdir(dirname(filePath), { recursive: true, mode: 0o700 });
  const kek = randomBytes(32);
  // `wx` fails if another process created it meanwhile: then read theirs.
  try {
    await writeFile(filePath, kek, { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return loadOrCreateKek(filePath);
    throw e;
  }
  return { kek, created: true };
}
