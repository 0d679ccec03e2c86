import { once } from "node:events";
import type { AddressInfo } from "node:net";
import tls from "node:tls";

export type Identity = { keyPem: string; chainPem: string[]; bundle: string[] };

const spiffeIdOf = (cert: { subjectaltname?: string }) => {
  const uris = (cert.subjectaltname ?? "").split(", ").filter((s) => s.startsWith("URI:"));
  return uris.length === 1 ? uris[0]!.slice(4) : null;
};

/**
 * An mTLS server that trusts only the bundle it is given and answers with the SPIFFE id
 * it verified for the client. Its identity and trust can be swapped live (rotation).
 */
export async function startSpiffeServer(identity: Identity) {
  const server = tls.createServer(
    { requestCert: true, rejectUnauthorized: true, ...asOptions(identity) },
    (socket) => {
      const peer = socket.getPeerX509Certificate();
      socket.end(peer ? (spiffeIdOf({ subjectaltname: peer.subjectAltName }) ?? "none") : "none");
    },
  );
  server.on("tlsClientError", () => {}); // refused clients are expected in some tests
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    /** Applies to new connections, as a proxy does on certificate renewal. */
    setIdentity(next: Identity) {
      server.setSecureContext(asOptions(next));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const asOptions = (id: Identity) => ({ key: id.keyPem, cert: id.chainPem.join(""), ca: id.bundle });

/**
 * One mTLS handshake to the server, checking the server's SPIFFE id (not a DNS name:
 * SVIDs have none). Resolves with what the server saw as our id.
 */
export function handshake(port: number, client: Identity, expectServerId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: "127.0.0.1",
      port,
      ...asOptions(client),
      servername: "trellis.local",
      checkServerIdentity: (_host, cert) => {
        const id = spiffeIdOf(cert);
        return id === expectServerId ? undefined : new Error(`server is ${id}, expected ${expectServerId}`);
      },
    });
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (d) => {
      data += d;
    });
    // With TLS 1.3 the server checks our certificate after our side of the handshake is
    // done: a refusal shows up as a close without an answer.
    socket.on("end", () => (data ? resolve(data) : reject(new Error("server closed without answering"))));
    socket.on("error", reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error("handshake timed out")));
  });
}
