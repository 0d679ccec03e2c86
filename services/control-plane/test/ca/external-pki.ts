import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A customer's own PKI made with the openssl CLI (independent of our CA code): a root,
 * an issuing intermediate for upload, and the wrong things people upload by mistake.
 */
export interface CustomerPki {
  rootPem: string;
  issuerPem: string;
  issuerKeyPem: string;
  /** A leaf (cA=false) under the same root, with its key. */
  notCaPem: string;
  notCaKeyPem: string;
  /** Another customer's root, which did not sign `issuerPem`. */
  otherRootPem: string;
  /** An issuer under the root that expires in 10 days. */
  shortIssuerPem: string;
  shortIssuerKeyPem: string;
}

export function makeCustomerPki(): CustomerPki {
  const dir = mkdtempSync(join(tmpdir(), "trellis-customer-pki-"));
  const f = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  try {
    const caExt = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n";
    writeFileSync(f("ca.ext"), caExt);
    writeFileSync(
      f("issuer.ext"),
      "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n",
    );
    writeFileSync(f("leaf.ext"), "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n");
    const root = (name: string, cn: string) =>
      ssl(
        "req",
        "-x509",
        ...ec,
        "-keyout",
        f(`${name}.key`),
        "-out",
        f(`${name}.pem`),
        "-subj",
        `/CN=${cn}`,
        "-days",
        "3650",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
      );
    const signed = (name: string, cn: string, ext: string, days: string) => {
      ssl("req", "-new", ...ec, "-keyout", f(`${name}.key`), "-out", f(`${name}.csr`), "-subj", `/CN=${cn}`);
      ssl(
        "x509",
        "-req",
        "-in",
        f(`${name}.csr`),
        "-CA",
        f("root.pem"),
        "-CAkey",
        f("root.key"),
        "-CAcreateserial",
        "-days",
        days,
        "-out",
        f(`${name}.pem`),
        "-extfile",
        f(ext),
      );
    };
    root("root", "Acme Corp Root");
    root("other", "Someone Else Root");
    signed("issuer", "Acme Mesh Issuer", "issuer.ext", "365");
    signed("leaf", "Acme Not A CA", "leaf.ext", "365");
    signed("short", "Acme Short Issuer", "issuer.ext", "10");
    const read = (name: string) => readFileSync(f(name), "utf8");
    return {
      rootPem: read("root.pem"),
      issuerPem: read("issuer.pem"),
      issuerKeyPem: read("issuer.key"),
      notCaPem: read("leaf.pem"),
      notCaKeyPem: read("leaf.key"),
      otherRootPem: read("other.pem"),
      shortIssuerPem: read("short.pem"),
      shortIssuerKeyPem: read("short.key"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
