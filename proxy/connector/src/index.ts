// Entry point `@trellis/connector`: the program (build + parseConfig) and its types.

export { createLogger, type Logger, silentLogger } from "@trellis/proxy-core/logger";
export { type Config, ConfigError, type ConfigInput, parseConfig, type Tuning } from "./config.ts";
export { parseDiscoveryFile } from "./discovery/file-format.ts";
export { annotations as kubernetesAnnotations } from "./discovery/kube-mapping.ts";
export type { DiscoveredServices, DiscoveryStatus } from "./discovery/types.ts";
export {
  type Bindings,
  build,
  type Connector,
  type ConnectorEvents,
  type ConnectorStatus,
} from "./program.ts";
export { stateFiles } from "./state/state-dir.ts";
