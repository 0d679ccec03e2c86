import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.ts";

const base = [
  "--control-plane",
  "http://127.0.0.1:8443",
  "--state-dir",
  "/tmp/s",
  "--listen",
  "127.0.0.1:4190",
];

describe("parseConfig", () => {
  it("parses flags, both --flag value and --flag=value", () => {
    const c = parseConfig([...base, "--discovery=file:/etc/trellis/services.yaml", "--join-token", "jt"], {});
    expect(c.controlPlane).toEqual({
      url: "http://127.0.0.1:8443",
      endpoints: [{ url: "http://127.0.0.1:8443", tls: false, target: "127.0.0.1:8443" }],
    });
    expect(c.discovery).toEqual({ mode: "file", path: "/etc/trellis/services.yaml" });
    expect(c.joinToken).toBe("jt");
    // Issue 24: a low reconnect ceiling, so a connector is back within seconds of the control plane.
    expect(c.tuning.backoffCapMs).toBe(5_000);
  });
  it("https means TLS, default port 443", () => {
    const c = parseConfig(
      [...base, "--discovery", "kubernetes"].map((a) =>
        a.replace("http://127.0.0.1:8443", "https://cp.trellis.dev"),
      ),
      {},
    );
    expect(c.controlPlane.endpoints).toEqual([
      { url: "https://cp.trellis.dev", tls: true, target: "cp.trellis.dev:443" },
    ]);
    expect(c.discovery).toEqual({ mode: "kubernetes" });
  });
  it("several control-plane replicas: comma-separated or the flag repeated, tried in the order given", () => {
    const repeated = parseConfig(
      [...base, "--discovery", "kubernetes", "--control-plane", "https://b.example:8443"],
      {},
    );
    expect(repeated.controlPlane.endpoints.map((e) => e.target)).toEqual([
      "127.0.0.1:8443",
      "b.example:8443",
    ]);
    const listed = parseConfig(
      [
        ...base.slice(2),
        "--discovery",
        "kubernetes",
        "--control-plane=http://a.example:1, https://b.example",
      ],
      {},
    );
    expect(listed.controlPlane).toMatchObject({
      url: "http://a.example:1,https://b.example",
      endpoints: [
        { tls: false, target: "a.example:1" },
        { tls: true, target: "b.example:443" },
      ],
    });
    expect(() =>
      parseConfig(
        [...base.slice(2), "--discovery", "kubernetes", "--control-plane", "http://a:1,ftp://b"],
        {},
      ),
    ).toThrow("invalid --control-plane: must be an http:// (plaintext) or https:// (TLS) URL");
    expect(() =>
      parseConfig([...base.slice(2), "--discovery", "kubernetes", "--control-plane", " , "], {}),
    ).toThrow("invalid --control-plane: needs at least one URL");
  });
  it("takes secrets from the environment", () => {
    const c = parseConfig([...base, "--discovery", "kubernetes"], { TRELLIS_JOIN_TOKEN: "from-env" });
    expect(c.joinToken).toBe("from-env");
  });
  it("takes the join token from a file (flag or environment); the command line wins over the environment", () => {
    const file = parseConfig(
      [...base, "--discovery", "kubernetes", "--join-token-file", "/run/secrets/jt"],
      {},
    );
    expect(file.joinTokenFile).toBe("/run/secrets/jt");
    expect(file.joinToken).toBeUndefined();
    const env = parseConfig([...base, "--discovery", "kubernetes"], { TRELLIS_JOIN_TOKEN_FILE: "/run/jt" });
    expect(env.joinTokenFile).toBe("/run/jt");
    const flagWins = parseConfig([...base, "--discovery", "kubernetes", "--join-token", "jt"], {
      TRELLIS_JOIN_TOKEN_FILE: "/run/jt",
    });
    expect(flagWins.joinToken).toBe("jt");
    expect(flagWins.joinTokenFile).toBeUndefined();
    expect(() =>
      parseConfig(
        [...base, "--discovery", "kubernetes", "--join-token", "jt", "--join-token-file", "/x"],
        {},
      ),
    ).toThrow(/--join-token \(TRELLIS_JOIN_TOKEN\) or --join-token-file/);
  });
  it("names the failing flag", () => {
    expect(() => parseConfig([...base, "--discovery", "consul"], {})).toThrow(/--discovery/);
    expect(() =>
      parseConfig(
        ["--state-dir", "/x", "--listen", "a:1", "--discovery", "kubernetes", "--control-plane", "ftp://x"],
        {},
      ),
    ).toThrow(/--control-plane/);
    expect(() => parseConfig([...base, "--discovery", "kubernetes", "--listen", "nope"], {})).toThrow(
      /--listen/,
    );
    expect(() => parseConfig([...base, "--bogus", "1"], {})).toThrow(/unknown flag --bogus/);
    expect(() => parseConfig([...base, "--join-token"], {})).toThrow(/--join-token needs a value/);
  });

  it("takes a reconnect backoff cap and refuses a silly one", () => {
    const c = parseConfig([...base, "--discovery", "file:/x.yaml", "--max-backoff-ms", "2000"], {});
    expect(c.tuning.backoffCapMs).toBe(2000);
    expect(() => parseConfig([...base, "--discovery", "file:/x.yaml", "--max-backoff-ms", "5"], {})).toThrow(
      /--max-backoff-ms: must be a whole number of milliseconds from 100 to 300000/,
    );
  });
});
