import { readFile } from "node:fs/promises";

export interface ServingCert {
  cert: Buffer;
  key: Buffer;
}

export interface ServingCertFiles {
  certFile: string;
  keyFile: string;
}

/** Reads the webhook's certificate and key (PEM) from their files. */
export async function readServingCert(files: ServingCertFiles): Promise<ServingCert> {
  const [cert, key] = await Promise.all([readFile(files.certFile), readFile(files.keyFile)]);
  return { cert, key };
}

/**
 * Polls the files and calls `onChange` with new contents. A polled read, not fs.watch:
 * the kubelet updates a mounted Secret by swapping a symlink, which watchers miss on
 * some file systems; a read every few seconds costs nothing.
 */
export function watchServingCert(
  files: ServingCertFiles,
  intervalMs: number,
  onChange: (pem: ServingCert) => void,
  onError: (err: unknown) => void,
  current: ServingCert,
): () => void {
  let last = current;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const next = await readServingCert(files);
      if (!next.cert.equals(last.cert) || !next.key.equals(last.key)) {
        // Only a pair that loaded counts: a half-written pair is tried again next time.
        onChange(next);
        last = next;
      }
    } catch (err) {
      onError(err);
    } finally {
      busy = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
