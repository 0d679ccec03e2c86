/**
 * Where connectors dial: `--tunnel-url`, else TRELLIS_TUNNEL_URL, else what the control plane
 * publishes (its configured tunnel address), else — a guess, said so — the API host on port
 * 8443, the default.
 */
export async function tunnelUrl(
  apiUrl: string,
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  published: () => Promise<string | null>,
): Promise<{ url: string; guessed: boolean }> {
  if (flag) return { url: flag, guessed: false };
  if (env.TRELLIS_TUNNEL_URL) return { url: env.TRELLIS_TUNNEL_URL, guessed: false };
  const fromServer = await published().catch(() => null);
  if (fromServer) return { url: fromServer, guessed: false };
  const u = new URL(apiUrl);
  u.port = "8443";
  u.pathname = "";
  return { url: u.toString().replace(/\/$/, ""), guessed: true };
}

/** Where `trellis-connector` comes from, for a machine without it (printed with the command). */
export const connectorInstallHint =
  "trellis-connector is the @trellis/connector package of the Trellis repository: after `npm ci` there, run `node proxy/connector/bin/trellis-connector.mjs` with these flags, or run the connector image (`-o manifest` shows it) with them as arguments";

/** The shell command that installs a connector with its join token. Pure. */
export function connectorCommand(args: {
  tunnelUrl: string;
  joinToken: string;
  stateDir: string;
  discovery: string;
}): string {
  return [
    "trellis-connector",
    `  --control-plane ${args.tunnelUrl}`,
    `  --join-token ${args.joinToken}`,
    `  --state-dir ${args.stateDir}`,
    `  --discovery ${args.discovery}`,
  ].join(" \\\n");
}
