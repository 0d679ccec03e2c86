import { rm } from "node:fs/promises";
import { hostname } from "node:os";
import { connectOptions, parseCommand } from "../args.ts";
import { type Command, connectHelp, help } from "../command.ts";
import { type ConfigFile, configPath, loadConfig, saveConfig } from "../config-file.ts";
import { connect, newClient } from "../connect.ts";
import { CliError, exitCodes, UsageError } from "../exit-codes.ts";
import { json } from "../output.ts";
import { ask, readStdin } from "../prompt.ts";
import { paint, type Terminal } from "../terminal.ts";

const loginUsage = `Usage: trellis login [--url <url>] (--token <token> | --email <email> [--password-stdin]) [--context <name>]

Stores credentials for the other commands in the config file (0600):
$TRELLIS_CONFIG_DIR/config.json, else ~/.config/trellis/config.json — as a named context,
which becomes the current one (several control planes or orgs: \`trellis context\`).

  --context <name>    the context to store them in (default: the current one, else "default")
  --token <token>     an API token (trl_pat_…) to store as is
  --email <email>     log in with a password (prompted on a terminal) and store a new
                      API token created for this machine
  --password <p>      the password (visible in your shell history: prefer the prompt)
  --password-stdin    read the password from stdin
  --url <url>         control plane API URL (default: TRELLIS_URL, then the stored one)
  -o json             print the result as JSON`;

/** `trellis login`: check the credentials, then store an API token and the URL. */
export const login: Command = {
  name: "login",
  summary: "Log in and store credentials",
  usage: loginUsage,
  async run(argv, term) {
    const { values } = parseCommand(
      argv,
      {
        ...connectOptions,
        email: { type: "string" },
        password: { type: "string" },
        "password-stdin": { type: "boolean" },
      },
      loginUsage,
      { min: 0, max: 0 },
    );
    if (values.help) return help(term, loginUsage);
    const config: ConfigFile = await loadConfig(term.env).catch(() => ({ current: null, contexts: {} }));
    const name = values.context || term.env.TRELLIS_CONTEXT || config.current || "default";
    const previous = config.contexts[name];
    const url = values.url || term.env.TRELLIS_URL || previous?.url;
    if (!url) throw new UsageError("give the control plane URL with --url (or set TRELLIS_URL)", loginUsage);
    const token = values.token ?? (await tokenFromPassword(url, values, term));
    const me = await newClient(url, token).auth.me();
    // A default mesh stays with its control plane: kept only when the URL did not change.
    const mesh = previous?.url === url ? previous.mesh : undefined;
    const path = await saveConfig(term.env, {
      current: name,
      contexts: { ...config.contexts, [name]: { url, token, ...(mesh ? { mesh } : {}) } },
    });
    if (values.output === "json")
      term.out(json({ url, context: name, org: me.org.name, role: me.role, configPath: path }));
    else
      term.out(
        `${paint(term, "green", "✔")} logged in to ${url} as ${me.user?.email ?? values.email ?? "an API token"} (${me.role} in ${me.org.name}); context ${name} in ${path}`,
      );
    return exitCodes.ok;
  },
};

async function tokenFromPassword(
  url: string,
  values: {
    email?: string | undefined;
    password?: string | undefined;
    "password-stdin"?: boolean | undefined;
  },
  term: Terminal,
): Promise<string> {
  const email = values.email ?? (term.interactive ? await ask("Email: ") : undefined);
  if (!email) throw new UsageError("give --token, or --email with a password", loginUsage);
  const password =
    values.password ??
    (values["password-stdin"]
      ? (await readStdin()).replace(/\r?\n$/, "")
      : term.interactive
        ? await ask("Password: ", true)
        : undefined);
  if (!password)
    throw new UsageError("no password: use the prompt on a terminal, or --password-stdin", loginUsage);
  const client = newClient(url);
  const session = await client.auth.login({ email, password }).catch((err: unknown) => {
    if ((err as { code?: string }).code === "unauthenticated")
      throw new CliError(
        "wrong email or password",
        exitCodes.auth,
        "try again, or reset the password in the console",
      );
    throw err;
  });
  // The CLI keeps an API token, not the session: it survives the session's expiry and
  // can be revoked on its own (console → API tokens).
  const created = await client.tokens.create({
    name: `trellis-cli@${hostname()}`,
    role: session.role,
    expiresInDays: 90,
  });
  await client.auth.logout().catch(() => undefined);
  return created.token;
}

const whoamiUsage = `Usage: trellis whoami [-o json]

Shows who the stored (or TRELLIS_TOKEN) credentials belong to.
${connectHelp}`;

/** `trellis whoami`. */
export const whoami: Command = {
  name: "whoami",
  summary: "Show the logged-in user, org and role",
  usage: whoamiUsage,
  async run(argv, term) {
    const { values } = parseCommand(argv, connectOptions, whoamiUsage, { min: 0, max: 0 });
    if (values.help) return help(term, whoamiUsage);
    const { client, url } = await connect(values, term.env);
    const me = await client.auth.me();
    if (values.output === "json") term.out(json({ url, ...me }));
    else
      term.out(
        `${me.user?.email ?? `API token ${me.tokenId ?? ""}`.trim()} · ${me.role} in ${me.org.name} (${me.org.id}) · ${url}`,
      );
    return exitCodes.ok;
  },
};

const logoutUsage = `Usage: trellis logout [--context <name>]

Forgets the stored credentials of the current context (or the one named); the API token
stays valid until revoked in the console. Other contexts are kept.`;

/** `trellis logout`: removes the stored credentials. */
export const logout: Command = {
  name: "logout",
  summary: "Forget the stored credentials",
  usage: logoutUsage,
  async run(argv, term) {
    const { values } = parseCommand(
      argv,
      { help: { type: "boolean", short: "h" }, context: { type: "string" } },
      logoutUsage,
      { min: 0, max: 0 },
    );
    if (values.help) return help(term, logoutUsage);
    const config: ConfigFile = await loadConfig(term.env).catch(async () => {
      // An unreadable file is what logout is for: remove it.
      await rm(configPath(term.env), { force: true });
      return { current: null, contexts: {} };
    });
    const name = values.context || term.env.TRELLIS_CONTEXT || config.current;
    if (!name || !config.contexts[name]) {
      term.out(name ? `no context ${name}: nothing to forget` : "logged out");
      return exitCodes.ok;
    }
    const { [name]: _gone, ...rest } = config.contexts;
    const next = config.current === name ? (Object.keys(rest)[0] ?? null) : config.current;
    await saveConfig(term.env, { current: next, contexts: rest });
    term.out(
      `logged out of context ${name}${next && next !== config.current ? `; current context: ${next}` : ""}`,
    );
    return exitCodes.ok;
  },
};
