import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "./run-cli.ts";

const password = "correct horse battery staple";
let cp: TestControlPlane;
let token: string;
let email: string;
let config: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  cp = await startTestControlPlane();
  const session = new TrellisClient({ baseUrl: cp.url });
  email = `cli-login-${Date.now()}@example.com`;
  await session.auth.signup({ email, password, orgName: "Login Org" });
  token = (await session.tokens.create({ name: "cli", role: "admin" })).token;
  config = await tempDir("trellis-cli-login-");
});
afterAll(async () => {
  await cp?.stop();
  await config?.remove();
});

describe("trellis login / whoami", () => {
  it("login --token stores the credentials with 0600, then whoami uses them", async () => {
    const env = { TRELLIS_CONFIG_DIR: config.path };
    const login = await runCli(["login", "--url", cp.url, "--token", token], { env });
    expect(login.stderr).toBe("");
    expect(login.code).toBe(0);
    expect(login.stdout).toContain("admin in Login Org");
    const file = join(config.path, "config.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
      current: "default",
      contexts: { default: { url: cp.url, token } },
    });
    const who = await runCli(["whoami", "-o", "json"], { env });
    expect(who.code).toBe(0);
    expect(JSON.parse(who.stdout)).toMatchObject({
      url: cp.url,
      role: "admin",
      via: "token",
      org: { name: "Login Org" },
    });
  });

  it("login with email and password (stdin) stores a new API token, not the password", async () => {
    const dir = await tempDir("trellis-cli-pw-");
    try {
      const env = { TRELLIS_CONFIG_DIR: dir.path };
      const login = await runCli(["login", "--url", cp.url, "--email", email, "--password-stdin"], {
        env,
        stdin: `${password}\n`,
      });
      expect(login.code, login.stderr).toBe(0);
      const stored = JSON.parse(await readFile(join(dir.path, "config.json"), "utf8"));
      expect(stored.contexts.default.token).toMatch(/^trl_pat_/);
      expect(JSON.stringify(stored)).not.toContain(password);
      const who = await runCli(["whoami"], { env });
      expect(who.stdout).toContain("owner in Login Org");
    } finally {
      await dir.remove();
    }
  });

  it("a wrong password exits 4 and says what to do", async () => {
    const r = await runCli(["login", "--url", cp.url, "--email", email, "--password-stdin"], {
      env: { TRELLIS_CONFIG_DIR: config.path },
      stdin: "not the password\n",
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("wrong email or password");
  });

  it("TRELLIS_URL and TRELLIS_TOKEN override the stored credentials", async () => {
    const r = await runCli(["whoami"], {
      env: {
        TRELLIS_CONFIG_DIR: config.path,
        TRELLIS_URL: cp.url,
        TRELLIS_TOKEN: "trl_pat_revoked-or-bogus",
      },
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("hint: run `trellis login` again");
  });

  it("without credentials: exit 4 with the next step", async () => {
    const dir = await tempDir("trellis-cli-none-");
    try {
      const r = await runCli(["mesh", "list"], { env: { TRELLIS_CONFIG_DIR: dir.path } });
      expect(r.code).toBe(4);
      expect(r.stderr).toContain("trellis login --url");
    } finally {
      await dir.remove();
    }
  });
});

describe("usage errors", () => {
  it("an unknown command exits 2 with the command list", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain("Usage: trellis <command>");
  });

  it("an unknown flag exits 2 with the command's usage", async () => {
    const r = await runCli(["get", "routes", "--colour"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--colour");
    expect(r.stderr).toContain("Usage: trellis get <kind|all>");
  });

  it("a missing argument and a bad -o exit 2", async () => {
    expect((await runCli(["mesh", "create"])).code).toBe(2);
    const r = await runCli(["mesh", "list", "-o", "xml"], {
      env: { TRELLIS_URL: cp.url, TRELLIS_TOKEN: token },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("-o must be one of table, wide, name, yaml, json");
  });

  it("--help prints usage and exits 0", async () => {
    const r = await runCli(["apply", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: trellis apply -f");
  });

  it("stat/tap need a service (exit 2); stat/top/tap without credentials exit 4 with the next step", async () => {
    for (const cmd of ["stat", "tap"]) {
      const r = await runCli([cmd]);
      expect(r.code, cmd).toBe(2);
      expect(r.stderr).toContain("missing service name");
    }
    const home = await tempDir("trellis-cli-nologin-");
    try {
      for (const args of [["stat", "web"], ["top"], ["tap", "web"]]) {
        const r = await runCli(args, { env: { TRELLIS_CONFIG_DIR: home.path } });
        expect(r.code, args.join(" ")).toBe(4);
        expect(r.stderr).toContain("trellis login");
      }
    } finally {
      await home.remove();
    }
  });
});
