import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createBuiltinCa, isCaError, loadCa, loadOrCreateKek, parseCaState } from "../src/index.ts";

const trustDomain = "prod.acme.trellis.test";

describe("CA state at rest", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it("holds no private key in clear and survives a JSON round trip", () => {
    const kek = randomBytes(32);
    const state = createBuiltinCa({ trustDomain, kek });
    const json = JSON.stringify(state);
    expect(json).not.toMatch(/PRIVATE KEY/);
    expect(state.active.kind).toBe("builtin");
    const ca = loadCa(JSON.parse(json), kek);
    expect(ca.trustBundle()).toEqual(state.active.roots);
  });

  it("refuses another KEK, naming the mismatch", () => {
    const state = createBuiltinCa({ trustDomain, kek: randomBytes(32) });
    expect(() => loadCa(state, randomBytes(32))).toThrow(/sealed with KEK [0-9a-f]{16}, not the configured/);
  });

  it("refuses a sealed key moved to another mesh's state (bound by AAD)", () => {
    const kek = randomBytes(32);
    const a = createBuiltinCa({ trustDomain, kek });
    const b = createBuiltinCa({ trustDomain: "other.trellis.test", kek });
    if (a.active.kind !== "builtin" || b.active.kind !== "builtin") throw new Error("unreachable");
    const swapped = {
      ...a,
      active: { ...a.active, issuer: { ...a.active.issuer, key: b.active.issuer.key } },
    };
    try {
      loadCa(swapped, kek);
      expect.unreachable();
    } catch (e) {
      expect(isCaError(e, "state_invalid")).toBe(true);
      expect((e as Error).message).toMatch(/cannot be decrypted/);
    }
  });

  it("refuses malformed state with the failing path", () => {
    expect(() => parseCaState({ version: 1, trustDomain, active: { kind: "builtin" } })).toThrow(
      /CA state is malformed at \/active\//,
    );
  });

  it("loadOrCreateKek creates 32 bytes with 0600 once, then reads them back", async () => {
    const dir = await mkdtemp(join(tmpdir(), "trellis-kek-"));
    dirs.push(dir);
    const path = join(dir, "nested", "ca.kek");
    const first = await loadOrCreateKek(path);
    expect(first.created).toBe(true);
    expect(first.kek.length).toBe(32);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateKek(path);
    expect(second.created).toBe(false);
    expect(second.kek.equals(first.kek)).toBe(true);
    expect((await readFile(path)).equals(first.kek)).toBe(true);
  });

  it("loadOrCreateKek refuses a short or world-readable file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "trellis-kek-"));
    dirs.push(dir);
    await writeFile(join(dir, "short"), randomBytes(16), { mode: 0o600 });
    await expect(loadOrCreateKek(join(dir, "short"))).rejects.toThrow(/holds 16 bytes, not 32/);
    await writeFile(join(dir, "open"), randomBytes(32), { mode: 0o644 });
    await expect(loadOrCreateKek(join(dir, "open"))).rejects.toThrow(/readable by others \(mode 644\)/);
  });
});
