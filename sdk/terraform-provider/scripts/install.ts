// `npm run install-provider -w terraform-provider-trellis [-- <mirror dir>]`: builds the
// provider into a filesystem mirror, by default ~/.terraform.d/plugins — a directory
// Terraform searches by itself, so `terraform init` finds the provider with no other setup.
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { bundleProvider, mirrorPath, providerSource, providerVersion } from "./bundle.ts";

const mirror = resolve(process.argv[2] ?? join(homedir(), ".terraform.d/plugins"));
const target = mirrorPath(mirror);
await bundleProvider(target);
console.log(`installed ${providerSource} ${providerVersion} at ${target}`);
