import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { CliError, exitCodes } from "./exit-codes.ts";

/** What `trellis login` stores: where the API is and the API token to use. */
export interface StoredCredentials {
  url: string;
  token: string;
}

/** `$TRELLIS_CONFIG_DIR/config.json`, else `$XDG_CONFIG_HOME/trellis`, else `~/.config/trellis`. */
export function configPath(env: NodeJS.ProcessEnv): string {
  const dir =
    env.TRELLIS_CONFIG_DIR || join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config"), "trellis");
  return join(dir, "config.json");
}

/** Reads the stored credentials, or undefined when there are none. */
export async function loadCredentials(env: NodeJS.ProcessEnv): Promise<StoredCredentials | undefined> {
  const path = configPath(env);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<StoredCredentials>;
    if (typeof parsed.url !== "string" || typeof parsed.token !== "string")
      throw new Error("url or token missing");
    return { url: parsed.url, token: parsed.token };
  } catch (err) {
    throw new CliError(
      `the config file ${path} is not valid: ${(err as Error).message}`,
      exitCodes.auth,
      "run `trellis login` again to rewrite it",
    );
  }
}

/** Writes the credentials readable by the user only (0600 in a 0700 folder), atomically. */
export async function saveCredentials(env: NodeJS.ProcessEnv, creds: StoredCredentials): Promise<string> {
  const path = configPath(env);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
  return path;
}
