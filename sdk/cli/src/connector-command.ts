/** Where connectors dial: `--tunnel-url`, else TRELLIS_TUNNEL_URL, else the API host on port 8443. */
export function tunnelUrl(apiUrl: string, flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return flag;
  if (env.TRELLIS_TUNNEL_URL) return env.TRELLIS_TUNNEL_URL;
  const u = new URL(apiUrl);
  u.port = "8443";
  u.pathname = "";
  return u.toString().replace(/\/$/, "");
}

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
