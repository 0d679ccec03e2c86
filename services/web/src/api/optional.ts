import { NotFoundError } from "@trellis/sdk";

/** Marks an endpoint the control plane does not serve (a 404 "no route", e.g. an older release). */
export class NotAvailable extends Error {
  constructor(readonly what: string) {
    super(`${what} is not available on this control plane`);
  }
}

/**
 * Awaits an SDK call; a missing route becomes `NotAvailable` so a view can say so instead
 * of failing, and the console keeps working against a control plane without that feature.
 */
export async function optional<T>(what: string, pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    if (err instanceof NotFoundError && err.routeMissing) throw new NotAvailable(what);
    throw err;
  }
}
