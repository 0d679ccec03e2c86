// Entry point `@trellis/proxy`: the data-plane proxy as a library. The bin
// (`trellis-proxy`) is `parseConfig` → `bind` → `build` → `run`.
export { type Bindings, bind } from "./bind.ts";
export { ConfigError, type ProxyConfig, parseConfig } from "./config/flags.ts";
export { type BuildOptions, build, type SidecarProxy } from "./program.ts";
