import type { ACMPCAClient, ACMPCAClientConfig } from "@aws-sdk/client-acm-pca";
import { CaError } from "../errors.ts";

export type AcmPcaTarget = { caArn: string; region: string; endpoint?: string | undefined };

export type AcmPcaClientOptions = {
  /** Default: the AWS SDK's default credential chain (env, profile, IMDS, IRSA). */
  credentials?: ACMPCAClientConfig["credentials"];
  /** Backoff for throttling, server errors and RequestInProgressException polling. */
  retry?: { baseDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
  /** Tests: inject a client. */
  client?: ACMPCAClient;
};

let sdk: Promise<typeof import("@aws-sdk/client-acm-pca")> | undefined;

/**
 * The AWS SDK, loaded on first use: most control planes never call ACM PCA, and loading
 * it costs about a second and tens of MB at every start.
 */
export function acmPcaSdk(): Promise<typeof import("@aws-sdk/client-acm-pca")> {
  sdk ??= import("@aws-sdk/client-acm-pca");
  return sdk;
}

/**
 * The SDK's own retries are off (maxAttempts 1): retrying here keeps one policy for
 * throttling and for "still issuing", with one idempotency token across attempts.
 */
export async function acmPcaClient(
  target: AcmPcaTarget,
  options: AcmPcaClientOptions,
): Promise<ACMPCAClient> {
  if (options.client) return options.client;
  const { ACMPCAClient } = await acmPcaSdk();
  return new ACMPCAClient({
    region: target.region,
    maxAttempts: 1,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}

type AwsError = { name?: string; message?: string; $fault?: string; $metadata?: { httpStatusCode?: number } };

/** Credentials or permissions problems: retrying cannot help until the mesh owner fixes them. */
const deniedErrors = new Set([
  "AccessDeniedException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "ExpiredTokenException",
]);

const throttled = new Set(["ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"]);

function shouldRetry(e: AwsError): boolean {
  if (throttled.has(e.name ?? "") || e.name === "RequestInProgressException") return true;
  // Server faults and network errors (no HTTP response at all) are worth another try.
  return e.$fault === "server" || e.$metadata?.httpStatusCode === undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `op` with capped exponential backoff and full jitter; maps the final failure to a CaError. */
export async function withRetries<T>(
  what: string,
  target: AcmPcaTarget,
  options: AcmPcaClientOptions,
  op: () => Promise<T>,
): Promise<T> {
  const base = options.retry?.baseDelayMs ?? 200;
  const max = options.retry?.maxDelayMs ?? 5_000;
  const attempts = options.retry?.maxAttempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      if (e instanceof CaError) throw e;
      const err = e as AwsError;
      if (attempt >= attempts || !shouldRetry(err)) throw mapAwsError(err, what, target, max);
      await sleep(Math.random() * Math.min(max, base * 2 ** (attempt - 1)));
    }
  }
}

export function mapAwsError(e: AwsError, what: string, target: AcmPcaTarget, retryAfterMs: number): CaError {
  const detail = `${e.name ?? "Error"}: ${e.message ?? "no message"}`;
  const at = `ACM Private CA ${target.caArn} (${target.region})`;
  if (deniedErrors.has(e.name ?? "")) {
    return new CaError(
      "access_denied",
      `${at} denied ${what}: the control plane's AWS credentials lack permission (check the IAM policy for acm-pca:${what}) — ${detail}`,
      { cause: e },
    );
  }
  if (throttled.has(e.name ?? "")) {
    return new CaError("rate_limited", `${at} throttled ${what} past our retries — ${detail}`, {
      retryAfterMs,
      cause: e,
    });
  }
  if (e.name === "MalformedCSRException") {
    return new CaError("csr_invalid", `${at} refused the CSR — ${detail}`, { cause: e });
  }
  if (e.name === "RequestInProgressException") {
    return new CaError("unavailable", `${at} is still issuing the certificate; retry — ${detail}`, {
      retryAfterMs,
      cause: e,
    });
  }
  return new CaError("unavailable", `${at} failed ${what} — ${detail}`, { retryAfterMs, cause: e });
}
