// Errors that mean "the database cannot be reached right now" rather than "this query is
// wrong": the server is restarting, shutting down or full, or the connection broke. A
// caller may retry them; anything else is a bug or bad data and must stay a 500.

/** Driver codes of a broken or refused connection (postgres-js and Node's net). */
const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * SQLSTATEs of a server that cannot serve now: class 08 (connection exception), 57P01–57P03
 * (admin/crash shutdown, cannot connect now — a restart), 53300 (too many connections).
 */
function unavailableState(code: string): boolean {
  return (
    code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300"
  );
}

/** Whether `err` (or an error it wraps, as drizzle wraps the driver's) says the database is unreachable. */
export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (connectionCodes.has(code) || unavailableState(code))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
