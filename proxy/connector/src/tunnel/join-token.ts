import { readFile } from "node:fs/promises";
import type { Config } from "../config.ts";

/**
 * The join token: `--join-token` / `TRELLIS_JOIN_TOKEN`, or the contents of
 * `--join-token-file` / `TRELLIS_JOIN_TOKEN_FILE` (trimmed; a mounted Kubernetes Secret
 * keeps it out of `ps` and of the environment). An unreadable or empty file is an error
 * naming the file.
 */
export async function joinToken(
  config: Pick<Config, "joinToken" | "joinTokenFile">,
): Promise<string | undefined> {
  if (!config.joinTokenFile) return config.joinToken;
  let text: string;
  try {
    text = await readFile(config.joinTokenFile, "utf8");
  } catch (err) {
    throw new Error(`cannot read the join token file ${config.joinTokenFile}: ${(err as Error).message}`);
  }
  const token = text.trim();
  if (!token) throw new Error(`the join token file ${config.joinTokenFile} is empty`);
  return token;
}
