// terraform-provider-trellis: started by Terraform (never by hand), it checks the
// handshake, serves the plugin protocol on loopback and exits when Terraform says so.
import { negotiate } from "./plugin/handshake.ts";
import { hclogLogger } from "./plugin/log.ts";
import { servePlugin } from "./plugin/serve.ts";
import { captureProcessOutput, StdioRelay } from "./plugin/stdio.ts";
import { providerHandlers } from "./provider/handlers.ts";
import { buildRegistry } from "./provider/registry.ts";

async function main(): Promise<void> {
  const negotiated = negotiate(process.env);
  if (!negotiated.ok) {
    process.stderr.write(`${negotiated.error}\n`);
    process.exit(1);
  }
  const log = hclogLogger();
  const stdio = new StdioRelay();
  const realStdoutWrite = process.stdout.write.bind(process.stdout);
  const plugin = await servePlugin({
    handlers: providerHandlers(buildRegistry(), process.env, log),
    clientCertPem: negotiated.clientCertPem,
    stdio,
    log,
    writeHandshake: (line) => realStdoutWrite(line),
  });
  // After the handshake line, stdout and stderr belong to GRPCStdio (go-plugin's contract).
  captureProcessOutput(stdio);
  // Terraform forwards Ctrl-C to the whole process group, then stops us over gRPC
  // (StopProvider, GRPCController.Shutdown): ignore the signal itself, as go-plugin does.
  process.on("SIGINT", () => log("debug", "interrupt received; waiting for Terraform to stop the provider"));
  process.on("SIGTERM", () => void plugin.shutdown());
  await plugin.done;
  log("debug", "plugin stopped");
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `terraform-provider-trellis failed to start: ${err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});
