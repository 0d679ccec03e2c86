// `npm run build -w terraform-provider-trellis`: dist/terraform-provider-trellis.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleProvider } from "./bundle.ts";

const out = join(fileURLToPath(new URL("..", import.meta.url)), "dist/terraform-provider-trellis");
await bundleProvider(out);
console.log(`wrote ${out}`);
