// Runs the control plane on embedded PGlite in ./.trellis (or $TRELLIS_DATA_DIR) and, unless
// `--no-demo`, a local demo cluster beside it. Ctrl-C stops everything.
import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({ options: { "no-demo": { type: "boolean", default: false } }, strict: true });

const env = {
  ...process.env,
  TRELLIS_DATA_DIR: process.env.TRELLIS_DATA_DIR ?? join(root, ".trellis"),
  PORT: process.env.PORT ?? "8080",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
};
const controlPlane = spawn(
  process.execPath,
  [join(root, "services/control-plane/bin/trellis-control-plane.mjs")],
  { env, stdio: ["ignore", "inherit", "inherit"] },
);

const apiUrl = `http://127.0.0.1:${env.PORT}`;
const deadline = Date.now() + 60_000;
while (Date.now() < deadline) {
  if (controlPlane.exitCode !== null) process.exit(controlPlane.exitCode);
  const ok = await fetch(`${apiUrl}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  await new Promise((r) => setTimeout(r, 200));
}
console.log(`\nTrellis control plane: ${apiUrl}   (data in ${env.TRELLIS_DATA_DIR})`);
console.log(`API reference:         ${apiUrl}/v1/openapi.json`);
if (!values["no-demo"])
  console.log("The local demo cluster is not wired yet: see the README (issue: quickstart).");
console.log("Press Ctrl-C to stop.\n");

const stop = () => controlPlane.kill("SIGTERM");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
controlPlane.on("exit", (code) => process.exit(code ?? 0));
