import { NotFoundError } from "@trellis/sdk";
import { api } from "./client.ts";

/**
 * A thin adapter for API operations the SDK does not have yet (observability, CA, webhooks
 * — being built in parallel). It goes through the SDK's own transport so credentials, CSRF,
 * retries and typed errors are the SDK's; only the operation table entry is ours. Remove
 * each use once `@trellis/sdk` grows the method (listed in the README).
 */
export async function call<T>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const res = await api.transport.call<T>(
    { method, path },
    { ...(body === undefined ? {} : { body }), ...(signal ? { signal } : {}) },
  );
  return res.body;
}

/** Marks an endpoint the control plane does not serve yet (a 404 "no route"). */
export class NotAvailable extends Error {
  constructor(readonly what: string) {
    super(`${what} is not available on this control plane yet`);
  }
}

/** Like `call`, but a missing route becomes `NotAvailable` so views can say so. */
export async function callOptional<T>(
  what: string,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
) {
  try {
    return await call<T>(method, path, body);
  } catch (err) {
    if (err instanceof NotFoundError && err.routeMissing) throw new NotAvailable(what);
    throw err;
  }
}

export const enc = encodeURIComponent;
