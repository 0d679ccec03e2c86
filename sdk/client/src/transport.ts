import { errorFromResponse, TrellisNetworkError } from "./errors.ts";
import { expandPath, type Operation } from "./operations.ts";
import { checkOptions } from "./options.ts";
import {
  backoffDelayMs,
  isReplayable,
  isRetryableStatus,
  parseRetryAfter,
  type RetryOptions,
  type RetryPolicy,
  retryPolicy,
  sleep,
} from "./retry.ts";
import { SessionState } from "./session.ts";

/** The SDK's version, sent in the default user agent. */
export const sdkVersion = "0.1.0";

/** Options of `new TrellisClient(...)`. */
export interface ClientOptions {
  /** Where the API lives, e.g. `https://api.trellis.dev` (no `/v1`). */
  baseUrl: string;
  /** An API token (`trl_pat_…`), sent as `Authorization: Bearer`. Omit for cookie sessions. */
  token?: string;
  /** A fetch implementation; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Browsers: `"include"` sends the session cookie cross-origin. */
  credentials?: "include" | "same-origin" | "omit";
  /** CSRF token of a cookie session (from login, signup or `GET /v1/me`); `auth.login` sets it. */
  csrfToken?: string;
  /** Retries on 429/503 and network errors: a count, or finer options. Default 3 retries. */
  retries?: number | RetryOptions;
  /** `User-Agent` sent from Node (browsers set their own). Default `trellis-sdk-js/<version>`. */
  userAgent?: string;
  /** Gives up on one attempt after this long. Default 30 s. */
  timeoutMs?: number;
}

const clientOptionKeys = [
  "baseUrl",
  "token",
  "fetch",
  "credentials",
  "csrfToken",
  "retries",
  "userAgent",
  "timeoutMs",
] as const satisfies readonly (keyof ClientOptions)[];

/** Per-call options every SDK method accepts as its last argument. */
export interface RequestOptions {
  /** Aborts the call, including its retries and backoff waits. */
  signal?: AbortSignal;
  /** Overrides the generated `Idempotency-Key` of a create (e.g. to make a job re-runnable). */
  idempotencyKey?: string;
}

/** What one operation call carries besides the operation itself. */
export interface CallInput extends RequestOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string | undefined>;
}

/** A successful response: the parsed JSON body, the status and the headers. */
export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** The HTTP core: builds requests from the operation table, retries, and maps errors. */
export class Transport {
  readonly baseUrl: string;
  /** Credentials of this client; the auth namespace updates them on login and logout. */
  readonly session: SessionState;
  private readonly fetchImpl: typeof fetch;
  private readonly policy: RetryPolicy;
  private readonly options: ClientOptions;

  constructor(options: ClientOptions) {
    checkOptions("new TrellisClient", options, clientOptionKeys);
    if (!/^https?:\/\//.test(options.baseUrl))
      throw new TypeError(`baseUrl must be an http(s) URL, got "${options.baseUrl}"`);
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.session = new SessionState(options.token, options.csrfToken);
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.policy = retryPolicy(options.retries);
  }

  /** Calls one operation; resolves with the body of a 2xx, rejects with a typed error. */
  async call<T>(op: Operation, input: CallInput = {}): Promise<ApiResponse<T>> {
    const { res, release } = await this.send(op, input);
    try {
      return { status: res.status, body: (await readJson(res)) as T, headers: res.headers };
    } finally {
      release();
    }
  }

  /**
   * Calls an operation that answers a stream (Server-Sent Events): resolves with the 2xx
   * response once its headers arrive, its body unread. The per-attempt timeout covers only
   * the wait for the headers; `input.signal` ends the stream whenever the caller wants.
   */
  async stream(op: Operation, input: CallInput = {}): Promise<Response> {
    const { res, release } = await this.send(op, input);
    release();
    return res;
  }

  /** Sends with retries until a 2xx (returned with the release of its timeout) or a typed error. */
  private async send(op: Operation, input: CallInput): Promise<{ res: Response; release: () => void }> {
    const url = this.baseUrl + expandPath(op.path, input.params) + queryString(input.query);
    const request = `${op.method} ${url.slice(this.baseUrl.length)}`;
    // One key per logical call, reused by every retry so the server runs the create once.
    const idempotencyKey = op.idempotent ? (input.idempotencyKey ?? randomKey()) : undefined;
    const headers = this.headers(op, input, idempotencyKey);
    const body = input.body === undefined ? undefined : JSON.stringify(input.body);
    for (let attempt = 0; ; attempt++) {
      const retriesLeft = attempt < this.policy.maxRetries;
      const timeout = this.attemptTimeout(input.signal);
      let res: Response;
      try {
        res = await this.fetchImpl(url, {
          method: op.method,
          headers: { ...headers, ...this.session.cookieHeader() },
          body,
          signal: timeout.signal,
          ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
        });
      } catch (cause) {
        timeout.release();
        if (input.signal?.aborted) throw input.signal.reason;
        if (retriesLeft && isReplayable(op.method, idempotencyKey !== undefined)) {
          await sleep(backoffDelayMs(attempt, this.policy), input.signal);
          continue;
        }
        throw new TrellisNetworkError(`${op.method} ${url}`, cause);
      }
      this.session.absorbCookies(res.headers);
      if (res.ok) return { res, release: timeout.release };
      const problem = await readJson(res).catch(() => undefined);
      timeout.release();
      const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), Date.now());
      const waitMs = retryAfterMs ?? backoffDelayMs(attempt, this.policy);
      if (isRetryableStatus(res.status) && retriesLeft && waitMs <= this.policy.maxRetryAfterMs) {
        await sleep(waitMs, input.signal);
        continue;
      }
      throw errorFromResponse(res.status, problem, request, retryAfterMs);
    }
  }

  private headers(op: Operation, input: CallInput, idempotencyKey: string | undefined) {
    const h: Record<string, string> = { accept: "application/json, application/problem+json" };
    if (input.body !== undefined) h["content-type"] = "application/json";
    if (this.session.token) h.authorization = `Bearer ${this.session.token}`;
    if (op.method !== "GET" && this.session.csrfToken) h["x-csrf-token"] = this.session.csrfToken;
    if (idempotencyKey) h["idempotency-key"] = idempotencyKey;
    if (!isBrowser()) h["user-agent"] = this.options.userAgent ?? `trellis-sdk-js/${sdkVersion}`;
    for (const [k, v] of Object.entries(input.headers ?? {})) if (v !== undefined) h[k.toLowerCase()] = v;
    return h;
  }

  /**
   * The signal of one attempt: the caller's, plus a timeout that `release` cancels (after
   * the body was read, or once a stream's headers arrived). `AbortSignal.timeout` cannot be
   * cancelled, hence the timer.
   */
  private attemptTimeout(signal: AbortSignal | undefined): { signal: AbortSignal; release: () => void } {
    const timeout = new AbortController();
    const ms = this.options.timeoutMs ?? 30_000;
    const timer = setTimeout(
      () => timeout.abort(new DOMException(`no answer within ${ms} ms`, "TimeoutError")),
      ms,
    );
    return {
      signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal,
      release: () => clearTimeout(timer),
    };
  }
}

function queryString(query: CallInput["query"]): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function randomKey(): string {
  return globalThis.crypto.randomUUID();
}

function isBrowser(): boolean {
  return typeof (globalThis as { document?: unknown }).document !== "undefined";
}
