// Entry point `@trellis/connector`: the program (build + parseConfig) and its types, and the
// workload side of xDS (bootstraps, the cert agent) for tools that set workloads up.

export { createLogger, type Logger, silentLogger } from "@trellis/proxy-core/logger";
export { CertAgent } from "./cert-agent/agent.ts";
export { type CertAgentConfig, certAgentSchema } from "./cert-agent/config.ts";
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
export { type EnvoyBootstrapOptions, envoyBootstrap } from "./xds/bootstrap/envoy-bootstrap.ts";
export { type GrpcBootstrapOptions, grpcBootstrap } from "./xds/bootstrap/grpc-bootstrap.ts";
