import { createLogger } from "@trellis/proxy-core/logger";
import { CertAgent } from "../cert-agent/agent.ts";
import { certAgentFlags, certAgentSchema } from "../cert-agent/config.ts";
import { parseFlags } from "./flags.ts";

/** `trellis-connector cert-agent`: runs until SIGINT/SIGTERM. */
export async function certAgentCommand(argv: readonly string[]): Promise<number> {
  const config = parseFlags("cert-agent", argv, certAgentFlags, certAgentSchema);
  const log = createLogger(config.logLevel, { component: "cert-agent" });
  const agent = new CertAgent(config, log);
  // A refused or failed signing is logged by the agent, which retries on its own: here it
  // must not become an unhandled 'error' event that ends the process.
  agent.events.on("error", () => {});
  await agent.start();
  log.info("cert agent started", { identity: config.identity, dir: config.dir, connector: config.connector });
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  agent.stop();
  return 0;
}
