// How a transport tells driver errors apart without forwarding them: "the database cannot be
// reached right now" (restarting, shutting down, full, connection broken), "this transaction
// collided with another" (deadlock, serialization failure — rolled back, safe to retry) and
// "what it refers to was deleted meanwhile" (a foreign key gone). Anything else is a bug or
// bad data and must stay a 500.

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

/** The SQLSTATE or driver code of `err` or of an error it wraps (drizzle wraps the driver's), if any. */
function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    // Node's connect to a name with several addresses fails with one error per address.
    if (e instanceof AggregateError)
      for (const inner of e.errors) {
        const c = (inner as { code?: unknown } | null)?.code;
        if (typeof c === "string") codes.push(c);
      }
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

/** Whether `err` says the database is unreachable. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return codesOf(err).some((c) => connectionCodes.has(c) || unavailableState(c));
}

/** Whether `err` is a deadlock or serialization failure: the transaction was rolled back. */
export function isTransactionConflict(err: unknown): boolean {
  return codesOf(err).some((c) => c === "40001" || c === "40P01");
}

/** Whether `err` is a foreign key violation: a row it refers to was deleted by another request. */
export function isForeignKeyViolation(err: unknown): boolean {
  return codesOf(err).includes("23503");
}
