import type { Context as CoreContext } from "@trellis/core/context";
import type { Config } from "./config.ts";

/**
 * The core context with the deployable's whole config (ports, roles, TLS files) for the
 * transports; built once in server.ts and passed down. Verbs take it as a core Context.
 */
export interface Context extends CoreContext {
  config: Config;
}
