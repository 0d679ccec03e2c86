/** The one-line command that runs a connector outside Kubernetes (VMs, the local demo). */
export function renderConnectorCommand(input: {
  tunnelUrl: string;
  joinToken: string;
  discoveryFile?: string;
}): string {
  return [
    "trellis-connector",
    `--control-plane ${input.tunnelUrl}`,
    `--join-token ${input.joinToken}`,
    "--state-dir ./trellis-state",
    `--discovery file:${input.discoveryFile ?? "services.yaml"}`,
    "--listen 127.0.0.1:4190",
  ].join(" \\\n  ");
}
