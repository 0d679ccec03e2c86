import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

const tmpPrefix = ".tmp-";

/**
 * Replaces `path` with `data` so that a crash at any moment leaves either the old or
 * the new file whole: write a temp file beside it, fsync it, rename over, fsync the
 * directory (so the rename itself survives a power loss).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `${tmpPrefix}${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}`);
  const handle = await open(tmp, "wx", mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  const dirHandle = await open(dir, "r");
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

/** Creates the directory (0700: it holds secrets) and removes temp files of a crashed write. */
export async function prepareDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const name of await readdir(dir)) {
    if (name.startsWith(tmpPrefix)) await rm(join(dir, name), { force: true });
  }
}
