import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The name the API server checks the webhook's certificate against. */
export const injectorDnsName = "trellis-injector.trellis-system.svc";

/**
 * A throwaway CA and a serving certificate for the injector's Service name, made with the
 * openssl CLI, written where the connector's --webhook-cert-file/--webhook-key-file read.
 */
export async function makeWebhookCerts(dir: string, label = "a") {
  const file = (name: string) => join(dir, `${label}-${name}`);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  const quiet = { stdio: "ignore" as const };
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      ...ec,
      "-keyout",
      file("ca.key"),
      "-out",
      file("ca.crt"),
      "-days",
      "1",
      "-subj",
      `/CN=test-ca-${label}`,
    ],
    quiet,
  );
  execFileSync(
    "openssl",
    ["req", ...ec, "-keyout", file("tls.key"), "-out", file("tls.csr"), "-subj", `/CN=${injectorDnsName}`],
    quiet,
  );
  await writeFile(file("ext.cnf"), `subjectAltName=DNS:${injectorDnsName}\n`);
  execFileSync(
    "openssl",
    [
      "x509",
      "-req",
      "-in",
      file("tls.csr"),
      "-CA",
      file("ca.crt"),
      "-CAkey",
      file("ca.key"),
      "-CAcreateserial",
      "-out",
      file("tls.crt"),
      "-days",
      "1",
      "-extfile",
      file("ext.cnf"),
    ],
    quiet,
  );
  return {
    certFile: file("tls.crt"),
    keyFile: file("tls.key"),
    caPem: await readFile(file("ca.crt")),
    certPem: await readFile(file("tls.crt")),
    keyPem: await readFile(file("tls.key")),
  };
}
