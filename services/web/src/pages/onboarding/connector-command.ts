import { renderConnectorCommand } from "@trellis/protocol/install";

/**
 * The command that starts a connector outside Kubernetes, as @trellis/protocol/install
 * renders it for the CLI too. The values are shell-quoted first: the tunnel address is
 * typed by the user and may hold anything. Pure.
 */
export function connectorCommand(tunnelUrl: string, joinToken: string): string {
  return renderConnectorCommand({ tunnelUrl: shellQuote(tunnelUrl), joinToken: shellQuote(joinToken) });
}

/** Quotes a value for POSIX shells when it holds anything but safe characters. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'"'"'`)}'`;
}
