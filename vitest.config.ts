import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One vitest run for the whole repo: each package is a project, and the PostgreSQL
// cluster for database tests is started once (services/db/src/testing/global-setup.ts).
const pkg = (name: string, root: string, extra: Record<string, unknown> = {}) => ({
  test: {
    name,
    root,
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll's 1 s default is a timing assertion on 2 shared cores; polls end on success.
    expect: { poll: { timeout: 15_000 } },
    ...extra,
  },
});

export default defineConfig({
  test: {
    globalSetup: [
      fileURLToPath(new URL("./services/db/src/testing/global-setup.ts", import.meta.url)),
      // The bundled trellis-proxy / trellis-connector bins that tests spawn, built from the current sources.
      fileURLToPath(new URL("./proxy/core/scripts/vitest-bundles.mjs", import.meta.url)),
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
    projects: [
      pkg("@trellis/protocol", "sdk/protocol"),
      pkg("@trellis/db", "services/db"),
      pkg("@trellis/ca", "services/ca"),
      pkg("@trellis/compiler", "services/compiler"),
      pkg("@trellis/core", "services/core"),
      pkg("@trellis/control-plane", "services/control-plane"),
      pkg("@trellis/proxy-core", "proxy/core"),
      pkg("@trellis/connector", "proxy/connector"),
      pkg("@trellis/proxy", "proxy/sidecar"),
      pkg("@trellis/proxy-capture", "proxy/capture"),
      pkg("@trellis/sdk", "sdk/client"),
      pkg("@trellis/cli", "sdk/cli"),
      pkg("boundaries", "scripts", { include: ["boundaries/*.test.ts"] }),
      pkg("terraform-provider-trellis", "sdk/terraform-provider"),
      pkg("@trellis/kubernetes", "infra/kubernetes"),
      pkg("@trellis/e2e", "test", { include: ["**/*.test.ts"], exclude: ["bench/**", "node_modules/**"] }),
    ],
  },
});
