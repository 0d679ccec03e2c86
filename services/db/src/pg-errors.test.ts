import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, isForeignKeyViolation, isTransactionConflict } from "./pg-errors.ts";

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it("recognises a refused or broken connection and a restarting server, wrapped or not", () => {
    expect(isDatabaseUnavailable(withCode("ECONNREFUSED"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("CONNECTION_CLOSED"))).toBe(true);
    expect(
      isDatabaseUnavailable(withCode("57P01", "terminating connection due to administrator command")),
    ).toBe(true);
    expect(isDatabaseUnavailable(withCode("57P03", "the database system is starting up"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("08006"))).toBe(true);
    const wrapped = new Error("Failed query: select 1", { cause: withCode("CONNECT_TIMEOUT") });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    // Refused on every address of `localhost` (::1 and 127.0.0.1): one error per address.
    const everyAddress = new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")], "");
    expect(isDatabaseUnavailable(everyAddress)).toBe(true);
  });

  it("leaves query errors alone: they are bugs or bad data", () => {
    expect(isDatabaseUnavailable(withCode("23505", "duplicate key"))).toBe(false);
    expect(isDatabaseUnavailable(withCode("22P05", "unsupported Unicode escape sequence"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });

  it("tells a collision and a vanished parent apart from an outage", () => {
    const wrap = (code: string) => new Error("Failed query", { cause: withCode(code) });
    expect(isTransactionConflict(wrap("40P01"))).toBe(true);
    expect(isTransactionConflict(wrap("40001"))).toBe(true);
    expect(isForeignKeyViolation(wrap("23503"))).toBe(true);
    expect(isDatabaseUnavailable(wrap("40P01"))).toBe(false);
    expect(isForeignKeyViolation(wrap("23505"))).toBe(false);
  });
});
