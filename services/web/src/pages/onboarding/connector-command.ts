/**
 * The command that starts a connector for a cluster, as the connector README documents it.
 * Discovery from a file suits a first try on a laptop; Kubernetes users switch the flag.
 * Pure.
 */
export function connectorCommand(tunnelUrl: string, joinToken: string): string {
  return [
    "trellis-connector",
    `--control-plane ${shellQuote(tunnelUrl)}`,
    `--join-token ${shellQuote(joinToken)}`,
    "--state-dir ./trellis-state",
    "--discovery file:services.yaml",
    "--listen 127.0.0.1:4190",
  ].join(" ");
}

/** Quotes a value for POSIX shells when it holds anything but safe characters. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'"'"'`)}'`;
}
