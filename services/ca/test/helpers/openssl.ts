import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The openssl CLI as an independent checker of issued chains. */
export async function opensslVerify(options: {
  roots: string[];
  intermediates: string[];
  leaf: string;
  purpose?: "sslserver" | "sslclient";
}): Promise<{ ok: boolean; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), "trellis-ca-"));
  try {
    await writeFile(join(dir, "root.pem"), options.roots.join(""));
    await writeFile(join(dir, "leaf.pem"), options.leaf);
    const args = ["verify", "-CAfile", join(dir, "root.pem")];
    if (options.intermediates.length) {
      await writeFile(join(dir, "intermediate.pem"), options.intermediates.join(""));
      args.push("-untrusted", join(dir, "intermediate.pem"));
    }
    if (options.purpose) args.push("-purpose", options.purpose);
    args.push(join(dir, "leaf.pem"));
    try {
      const { stdout, stderr } = await run("/usr/bin/openssl", args);
      return { ok: true, output: stdout + stderr };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      return { ok: false, output: (err.stdout ?? "") + (err.stderr ?? "") };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function opensslText(certPem: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "trellis-ca-"));
  try {
    await writeFile(join(dir, "c.pem"), certPem);
    const { stdout } = await run("/usr/bin/openssl", ["x509", "-noout", "-text", "-in", join(dir, "c.pem")]);
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
