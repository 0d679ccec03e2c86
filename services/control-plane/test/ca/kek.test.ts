import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kekPath, loadKek } from "@trellis/core/ca";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.ts";
import { createLogger } from "../../src/observability/logger.ts";

// The key-encryption key for CA private keys, resolved once at start (issue 4 item 2).
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function capture() {
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    logger: createLogger("info", {}, (l) => {
      lines.push(JSON.parse(l));
      return true;
    }),
  };
}

describe("the CA key-encryption key", () => {
  it("is created once in the data dir with mode 0600, and the log says where", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trellis-kek-"));
    dirs.push(dir);
    const config = parseConfig({ TRELLIS_DATA_DIR: dir });
    const first = capture();
    const kek = await loadKek(config, first.logger);
    expect(kek).toHaveLength(32);
    expect(statSync(kekPath(config)).mode & 0o777).toBe(0o600);
    expect(first.lines).toEqual([
      expect.objectContaining({
        level: "warn",
        msg: expect.stringContaining("created a new CA key-encryption key"),
        path: kekPath(config),
      }),
    ]);
    const again = capture();
    expect(Buffer.from(await loadKek(config, again.logger)).equals(Buffer.from(kek))).toBe(true);
    expect(again.lines).toEqual([]);
  });

  it("comes from TRELLIS_KEK when set (no file), and a malformed one fails at start by name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trellis-kek-"));
    dirs.push(dir);
    const key = Buffer.alloc(32, 7);
    const config = parseConfig({ TRELLIS_DATA_DIR: dir, TRELLIS_KEK: key.toString("base64") });
    expect(Buffer.from(await loadKek(config, capture().logger)).equals(key)).toBe(true);
    expect(() => statSync(kekPath(config))).toThrow();
    expect(() => parseConfig({ TRELLIS_KEK: Buffer.alloc(16).toString("base64") })).toThrow(ConfigError);
    expect(() => parseConfig({ TRELLIS_KEK: "short" })).toThrow(/TRELLIS_KEK: must be 32 random bytes/);
  });

  it("is required, by name and with how to make one, outside the local embedded setup", () => {
    expect(() => parseConfig({ DATABASE_URL: "postgres://db.example/trellis" })).toThrow(
      /TRELLIS_KEK: required because DATABASE_URL is set.*openssl rand -base64 32/s,
    );
    expect(() => parseConfig({ HOST: "0.0.0.0" })).toThrow(
      /TRELLIS_KEK: required because a port binds 0.0.0.0/,
    );
    const key = Buffer.alloc(32, 7).toString("base64");
    expect(parseConfig({ DATABASE_URL: "postgres://db.example/trellis", TRELLIS_KEK: key }).TRELLIS_KEK).toBe(
      key,
    );
    expect(parseConfig({ HOST: "localhost" }).TRELLIS_KEK).toBeUndefined();
  });
});
