// Bundles the provider into one executable JavaScript file (esbuild): Terraform runs it
// directly, with no TypeScript loader and no node_modules beside it.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const providerSource = "trellis.dev/trellis/trellis";
export const providerVersion = "0.1.0";
const entry = join(dirname(fileURLToPath(import.meta.url)), "../src/main.ts");

/** Writes the executable to `outFile`, with a package.json beside it that makes it CommonJS. */
export async function bundleProvider(outFile: string): Promise<void> {
  mkdirSync(dirname(outFile), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    banner: { js: "#!/usr/bin/env node" },
    minify: true,
    keepNames: true,
    logLevel: "warning",
  });
  chmodSync(outFile, 0o755);
  // Node reads an extensionless file as the nearest package.json's "type" says; pin CommonJS
  // so the executable runs wherever it is copied (a mirror inside an ESM project included).
  writeFileSync(join(dirname(outFile), "package.json"), '{ "type": "commonjs" }\n');
}

/** Terraform's name for this machine's platform: `linux_amd64`, `darwin_arm64`. */
export function terraformPlatform(): string {
  const arch = ({ x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" } as Record<string, string>)[
    process.arch
  ];
  return `${process.platform}_${arch ?? process.arch}`;
}

/** Where a filesystem mirror (unpacked layout) holds this provider's executable. */
export function mirrorPath(mirrorDir: string): string {
  return join(
    mirrorDir,
    providerSource,
    providerVersion,
    terraformPlatform(),
    `terraform-provider-trellis_v${providerVersion}`,
  );
}
