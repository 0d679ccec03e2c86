// vitest global setup: bundle the data-plane bins once per run, so tests that spawn
// `trellis-proxy` / `trellis-connector` run the sources as they are now (esbuild: ~1 s).
import { bundleBins } from "./bundle.mjs";

export default async function setup() {
  await bundleBins();
}
