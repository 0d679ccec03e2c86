import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { CliError, exitCodes } from "./exit-codes.ts";

/** One control plane and identity: where the API is, the API token, and a default mesh. */
export interface Context {
  url: string;
  token: string;
  /** The mesh commands act on when neither --mesh nor TRELLIS_MESH names one. */
  mesh?: string;
}

/**
 * The config file: named contexts (several control planes or orgs, like kubectl's) and the
 * current one. A file from before contexts (`{url, token}`) reads as one context `default`.
 */
export interface ConfigFile {
  current: string | null;
  contexts: Record<string, Context>;
}

/** `$TRELLIS_CONFIG_DIR/config.json`, else `$XDG_CONFIG_HOME/trellis`, else `~/.config/trellis`. */
export function configPath(env: NodeJS.ProcessEnv): string {
  const dir =
    env.TRELLIS_CONFIG_DIR || join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config"), "trellis");
  return join(dir, "config.json");
}

/** Reads the config file; an empty config when there is none. */
export async function loadConfig(env: NodeJS.ProcessEnv): Promise<ConfigFile> {
  const path = configPath(env);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { current: null, contexts: {} };
    throw err;
  }
  try {
    return parseConfig(JSON.parse(text));
  } catch (err) {
    throw new CliError(
      `the config file ${path} is not valid: ${(err as Error).message}`,
      exitCodes.auth,
      "run `trellis login` again to rewrite it",
    );
  }
}

/** Checks a parsed config file, accepting the older `{url, token}` shape. Pure. */
export function parseConfig(raw: unknown): ConfigFile {
  const o = raw as Partial<ConfigFile> & Partial<Context>;
  if (typeof o.url === "string" && typeof o.token === "string")
    return { current: "default", contexts: { default: { url: o.url, token: o.token } } };
  if (typeof o.contexts !== "object" || o.contexts === null) throw new Error("no contexts");
  for (const [name, c] of Object.entries(o.contexts))
    if (typeof c?.url !== "string" || typeof c.token !== "string")
      throw new Error(`context ${name}: url or token missing`);
  const current = typeof o.current === "string" && o.current in o.contexts ? o.current : null;
  return { current, contexts: o.contexts };
}

/** Writes the config readable by the user only (0600 in a 0700 folder), atomically; none left → no file. */
export async function saveConfig(env: NodeJS.ProcessEnv, config: ConfigFile): Promise<string> {
  const path = configPath(env);
  if (Object.keys(config.contexts).length === 0) {
    await rm(path, { force: true });
    return path;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
  return path;
}

/**
 * The context a command uses: `--context`, else TRELLIS_CONTEXT, else the current one;
 * undefined when none is stored. Naming one that does not exist is an error listing them.
 */
export async function loadContext(
  env: NodeJS.ProcessEnv,
  flag?: string,
): Promise<{ name: string; context: Context } | undefined> {
  const config = await loadConfig(env);
  const name = flag || env.TRELLIS_CONTEXT || config.current;
  if (!name) return undefined;
  const context = config.contexts[name];
  if (!context) {
    if (!flag && !env.TRELLIS_CONTEXT) return undefined;
    const known = Object.keys(config.contexts);
    throw new CliError(
      `no context "${name}" in ${configPath(env)}`,
      exitCodes.usage,
      known.length > 0 ? `contexts: ${known.join(", ")}` : "create one with `trellis login --context <name>`",
    );
  }
  return { name, context };
}
