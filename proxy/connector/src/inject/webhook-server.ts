import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { type InjectionSettings, injectPath } from "@trellis/protocol/inject";
import { errorText, type Logger } from "@trellis/proxy-core/logger";
import { splitHostPort } from "../admin-server.ts";
import { BadAdmissionReview, reviewAdmission } from "./admission-review.ts";
import {
  readServingCert,
  type ServingCert,
  type ServingCertFiles,
  watchServingCert,
} from "./serving-cert.ts";

/** The API server sends one pod per review; anything far larger is not a review. */
const maxBodyBytes = 4 * 1024 * 1024;

export interface WebhookOptions {
  listen: string;
  settings: InjectionSettings;
  certReloadMs: number;
  /**
   * Where TLS comes from: files (a mounted Secret, re-read every certReloadMs), or
   * `provided` — the mesh CA's certificate, set through setCertificate(); until one is
   * set, handshakes fail (the API server then applies the failurePolicy).
   */
  tls: { files: ServingCertFiles } | { provided: ServingCert | null };
}

/**
 * The injector's HTTPS endpoint: POST /inject with an AdmissionReview v1, answered with
 * one, over TLS from files or from the mesh CA (webhook-mesh-cert.ts).
 */
export async function startWebhookServer(
  options: WebhookOptions,
  log: Logger,
): Promise<{ port: number; setCertificate(pem: ServingCert): void; close(): Promise<void> }> {
  const files = "files" in options.tls ? options.tls.files : null;
  const pem = files ? await readServingCert(files) : "provided" in options.tls ? options.tls.provided : null;
  const server: Server = createServer({ ...(pem ?? {}), minVersion: "TLSv1.2" }, (req, res) => {
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if ((req.url ?? "").split("?")[0] !== injectPath)
      return send(404, { error: `not found; the webhook is ${injectPath}` });
    if (req.method !== "POST") return send(405, { error: "POST an AdmissionReview" });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > maxBodyBytes) req.destroy();
      else chunks.push(c);
    });
    req.on("end", () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return send(400, { error: "the body is not JSON" });
      }
      try {
        const decision = reviewAdmission(body, options.settings);
        const level =
          decision.outcome === "refused" ? "warn" : decision.outcome === "ignored" ? "debug" : "info";
        log[level]("admission review", {
          uid: decision.uid,
          outcome: decision.outcome,
          reason: decision.reason,
        });
        send(200, decision.response);
      } catch (err) {
        if (err instanceof BadAdmissionReview) return send(400, { error: err.message });
        log.error("admission review failed", { error: errorText(err) });
        send(500, { error: "internal error" });
      }
    });
  });
  const setCertificate = (next: ServingCert) => server.setSecureContext({ ...next, minVersion: "TLSv1.2" });
  const stopWatching = files
    ? watchServingCert(
        files,
        options.certReloadMs,
        (next) => {
          setCertificate(next);
          log.info("webhook certificate reloaded", { certFile: files.certFile });
        },
        (err) =>
          log.warn("cannot load the webhook certificate; keeping the current one", { error: errorText(err) }),
        pem!,
      )
    : () => {};
  const { host, port } = splitHostPort(options.listen);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    setCertificate,
    close: () =>
      new Promise<void>((resolve) => {
        stopWatching();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
