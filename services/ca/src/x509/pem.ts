/** PEM armour (RFC 7468) for certificates, CSRs and keys. */

const blockPattern = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export function derToPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** Every PEM block in `text`, in order. */
export function pemBlocks(text: string): { label: string; der: Buffer; pem: string }[] {
  const out: { label: string; der: Buffer; pem: string }[] = [];
  for (const m of text.matchAll(blockPattern)) {
    const body = m[2]!.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new Error(`PEM ${m[1]} block is not valid base64`);
    const der = Buffer.from(body, "base64");
    out.push({ label: m[1]!, der, pem: derToPem(m[1]!, der) });
  }
  return out;
}

/**
 * The DER of the single block labelled `label`; throws when there is not exactly one.
 * On the issuance path, so it scans with indexOf rather than building every block.
 */
export function pemToDer(text: string, label: string): Buffer {
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const start = text.indexOf(begin);
  const stop = start < 0 ? -1 : text.indexOf(end, start);
  if (start < 0 || stop < 0 || text.indexOf(begin, stop) >= 0) {
    throw new Error(`expected exactly one PEM "${label}" block`);
  }
  const body = text.slice(start + begin.length, stop).replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new Error(`PEM ${label} block is not valid base64`);
  return Buffer.from(body, "base64");
}

/** Splits a PEM bundle into normalised certificate PEMs. */
export function splitCertificates(text: string): string[] {
  return pemBlocks(text)
    .filter((b) => b.label === "CERTIFICATE")
    .map((b) => b.pem);
}
