import { generateKeyPairSync, randomBytes, X509Certificate } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CaError } from "../errors.ts";
import { createCaCertificate } from "../x509/ca-certificate.ts";
import { fakeAcmIssue } from "./fake-acm-issue.ts";

/**
 * A local stand-in for AWS Certificate Manager Private CA that speaks its wire protocol
 * (AWS JSON 1.1: `POST /`, `X-Amz-Target: ACMPrivateCA.<Operation>`, errors as
 * `{"__type": …, "message": …}` with HTTP 400) and really signs, with a root CA it owns.
 * Point the real `@aws-sdk/client-acm-pca` at `endpoint` with `fakeAcmCredentials`.
 * Listens on 127.0.0.1 only.
 */

export type FakeAcmOperation = "IssueCertificate" | "GetCertificate" | "GetCertificateAuthorityCertificate";

export type FakeAcmPca = {
  endpoint: string;
  caArn: string;
  region: string;
  rootCertPem: string;
  /** Every call that passed authentication, in order. */
  calls: { operation: string; body: Record<string, unknown> }[];
  /** The next `times` calls of `operation` fail with `errorType` (e.g. ThrottlingException). */
  failNext(operation: FakeAcmOperation, errorType: string, times?: number, message?: string): void;
  /** Each newly issued certificate answers GetCertificate with RequestInProgressException this many times. */
  setInProgressPolls(times: number): void;
  /** Distinct certificates issued (idempotent repeats are not counted). */
  issuedCount(): number;
  close(): Promise<void>;
};

export const fakeAcmCredentials = {
  accessKeyId: "AKIDTRELLISFAKEACM",
  secretAccessKey: "trellis-fake-secret",
};

type Issued = { certPem: string; pendingPolls: number };

class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeAcmPca(options: { region?: string; caId?: string } = {}): Promise<FakeAcmPca> {
  const region = options.region ?? "us-east-1";
  const caArn = `arn:aws:acm-pca:${region}:123456789012:certificate-authority/${options.caId ?? "11111111-2222-3333-4444-555555555555"}`;
  const rootKey = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const now = Date.now();
  const rootCertPem = createCaCertificate({
    commonName: "Fake ACM Private CA Root",
    publicKey: rootKey.publicKey,
    issuer: null,
    signerKey: rootKey.privateKey,
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 5 * 365 * 86_400_000),
    pathLen: undefined,
    permittedTrustDomain: undefined,
  });
  const rootNotAfterMs = new Date(new X509Certificate(rootCertPem).validTo).getTime();
  const certificates = new Map<string, Issued>();
  const tokens = new Map<string, string>();
  const failures: { operation: string; type: string; message: string; times: number }[] = [];
  const calls: FakeAcmPca["calls"] = [];
  let inProgressPolls = 0;

  const operations: Record<FakeAcmOperation, (body: Record<string, unknown>) => Record<string, unknown>> = {
    IssueCertificate(body) {
      requireCa(body.CertificateAuthorityArn);
      const token = typeof body.IdempotencyToken === "string" ? body.IdempotencyToken : undefined;
      const known = token ? tokens.get(token) : undefined;
      if (known) return { CertificateArn: known };
      let certPem: string;
      try {
        certPem = fakeAcmIssue(body, { rootCertPem, rootKey: rootKey.privateKey, rootNotAfterMs });
      } catch (e) {
        if (e instanceof CaError) throw new AwsError("MalformedCSRException", e.message);
        if (e instanceof AwsError) throw e;
        throw new AwsError("InvalidArgsException", (e as Error).message);
      }
      const arn = `${caArn}/certificate/${randomBytes(16).toString("hex")}`;
      certificates.set(arn, { certPem, pendingPolls: inProgressPolls });
      if (token) tokens.set(token, arn);
      return { CertificateArn: arn };
    },
    GetCertificate(body) {
      requireCa(body.CertificateAuthorityArn);
      const issued = certificates.get(String(body.CertificateArn));
      if (!issued)
        throw new AwsError("ResourceNotFoundException", `Certificate ${body.CertificateArn} not found`);
      if (issued.pendingPolls > 0) {
        issued.pendingPolls--;
        throw new AwsError("RequestInProgressException", "The request is still in progress");
      }
      return { Certificate: issued.certPem.trim(), CertificateChain: rootCertPem.trim() };
    },
    GetCertificateAuthorityCertificate(body) {
      requireCa(body.CertificateAuthorityArn);
      return { Certificate: rootCertPem.trim() }; // a root CA: no CertificateChain
    },
  };

  function requireCa(arn: unknown) {
    if (arn !== caArn)
      throw new AwsError("ResourceNotFoundException", `Could not find certificate authority ${arn}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.replace(/^ACMPrivateCA\./, "") as FakeAcmOperation;
    try {
      if (req.method !== "POST" || req.url !== "/" || !target.startsWith("ACMPrivateCA.")) {
        throw new AwsError(
          "UnknownOperationException",
          `unsupported request ${req.method} ${req.url} ${target}`,
        );
      }
      if (req.headers["content-type"] !== "application/x-amz-json-1.1") {
        throw new AwsError("SerializationException", "Content-Type must be application/x-amz-json-1.1");
      }
      const auth = String(req.headers.authorization ?? "");
      if (!auth.startsWith(`AWS4-HMAC-SHA256 Credential=${fakeAcmCredentials.accessKeyId}/`)) {
        throw new AwsError(
          "UnrecognizedClientException",
          "The security token included in the request is invalid.",
        );
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
      calls.push({ operation, body });
      const failure = failures.find((f) => f.operation === operation && f.times > 0);
      if (failure) {
        failure.times--;
        throw new AwsError(failure.type, failure.message);
      }
      const op = operations[operation];
      if (!op) throw new AwsError("UnknownOperationException", `operation ${operation} is not faked`);
      send(res, 200, op(body));
    } catch (e) {
      const error = e instanceof AwsError ? e : new AwsError("InternalFailure", (e as Error).message);
      send(res, error.type === "InternalFailure" ? 500 : 400, { __type: error.type, message: error.message });
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    caArn,
    region,
    rootCertPem,
    calls,
    failNext(operation, type, times = 1, message = `${type} (injected by the fake)`) {
      failures.push({ operation, type, message, times });
    },
    setInProgressPolls(times) {
      inProgressPolls = times;
    },
    issuedCount: () => certificates.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    "content-length": Buffer.byteLength(payload),
    "x-amzn-requestid": randomBytes(16).toString("hex"),
  });
  res.end(payload);
}
