import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { TrellisClient, ValidationError } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { runCli, tempDir } from "../cli/run-cli.ts";
import { writtenIsKept } from "./written-is-kept.ts";

// Gateway API mesh manifests (GAMMA, written in the upstream style) through `trellis apply`:
// accepted unchanged and read back the same, typos and unknown fields refused with their
// line, pointer and a did-you-mean — by the CLI and by the API itself — features the data
// plane does not enforce yet refused, and what is not for a mesh skipped with a message.

const manifests = fileURLToPath(new URL("./manifests/", import.meta.url));
const filesOf = (dir: string) =>
  readdirSync(join(manifests, dir))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => join(manifests, dir, f));

let cp: TestControlPlane;
let owner: TrellisClient;
let env: Record<string, string>;
let dir: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  cp = await startTestControlPlane();
  const session = new TrellisClient({ baseUrl: cp.url });
  await session.auth.signup({
    email: `gamma-${Date.now()}@example.com`,
    password: "correct horse battery staple",
    orgName: "Gamma Org",
  });
  const token = (await session.tokens.create({ name: "cli", role: "owner" })).token;
  owner = new TrellisClient({ baseUrl: cp.url, token });
  await owner.meshes.create({ name: "gamma" });
  dir = await tempDir("trellis-gateway-api-");
  env = { TRELLIS_CONFIG_DIR: dir.path, TRELLIS_URL: cp.url, TRELLIS_TOKEN: token, TRELLIS_MESH: "gamma" };
});
afterAll(async () => {
  await cp?.stop();
  await dir?.remove();
});

type Doc = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: unknown };
const docsOf = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Doc);

const refOf = (d: Doc) => {
  const ns = (d.metadata.namespace as string | undefined) ?? "default";
  return `${d.kind.toLowerCase()}/${ns === "default" ? "" : `${ns}/`}${d.metadata.name}`;
};

describe("Gateway API manifests accepted unchanged", () => {
  // One CLI run per step for the whole folder: each manifest is then checked on its own.
  const accepted = filesOf("accepted").map((file) => ({ file, doc: docsOf(readFileSync(file, "utf8"))[0]! }));
  let readBack: Doc[] = [];
  let getOutput = "";

  beforeAll(async () => {
    const applied = await runCli(["apply", "-f", join(manifests, "accepted")], { env });
    expect(applied.stderr).toBe("");
    expect(applied.stdout.trim().split("\n")).toEqual(accepted.map(({ doc }) => `${refOf(doc)} created`));
    const got = await runCli(["get", "all", "-o", "yaml"], { env });
    expect(got.code, got.stderr).toBe(0);
    getOutput = got.stdout;
    readBack = docsOf(got.stdout);
  });

  for (const { file, doc: written } of accepted) {
    it(`${file.slice(manifests.length)}: get -o yaml holds what was written, with its apiVersion, namespace and labels`, () => {
      const { metadata } = written;
      const namespace = (metadata.namespace as string | undefined) ?? "default";
      const read = readBack.find(
        (d) =>
          d.kind === written.kind && d.metadata.name === metadata.name && d.metadata.namespace === namespace,
      );
      expect(read, refOf(written)).toBeDefined();
      expect(read!.apiVersion).toBe(written.apiVersion);
      expect(read!.metadata).toMatchObject({
        ...(metadata.labels ? { labels: metadata.labels } : {}),
        ...(metadata.annotations ? { annotations: metadata.annotations } : {}),
      });
      // Every field the manifest wrote is stored with its value (defaults may be added).
      expect(writtenIsKept(written.spec, read!.spec)).toEqual([]);
    });
  }

  it("get and check show that no cluster has discovered the backends yet (ResolvedRefs=False)", async () => {
    const table = await runCli(["get", "httproutes", "-n", "gamma"], { env });
    expect(table.stdout).toMatch(/^NAMESPACE\s+NAME\s+STATUS\s+GENERATION\s+UPDATED$/m);
    expect(table.stdout).toMatch(
      /^gamma\s+reviews-split\s+ResolvedRefs=BackendNotFound,Programmed=Unknown\s+1\s/m,
    );
    const check = await runCli(["check", "--mesh", "gamma"], { env });
    expect(check.stdout).toContain("resources of mesh gamma");
    expect(check.stdout).toContain(
      "‼ httproute/gamma/reviews-split: ResolvedRefs=BackendNotFound, Programmed=Unknown",
    );
    expect(check.stdout).toContain(
      "backendRef gamma/reviews-v1 (/spec/rules/0/backendRefs/0): no cluster has discovered this service",
    );
  });

  it("apply of the get -o yaml output, and of the manifests again, changes nothing", async () => {
    const back = await runCli(["apply", "-f", "-"], { env, stdin: getOutput });
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).not.toMatch(/created|configured/);
    for (const { doc } of accepted) expect(back.stdout).toContain(`${refOf(doc)} unchanged`);
    const again = await runCli(["apply", "-f", join(manifests, "accepted")], { env });
    expect(again.stdout.trim().split("\n")).toEqual(accepted.map(({ doc }) => `${refOf(doc)} unchanged`));
  });
});

describe("unknown fields, typos and features not enforced yet are refused", () => {
  const refused = filesOf("refused").map((file) => {
    const text = readFileSync(file, "utf8");
    const [, line, message] = /^# expect: (\d+): (.*)$/m.exec(text)!;
    return { file, doc: docsOf(text)[0]!, line: line!, message: message! };
  });
  let cli = { code: 0, stderr: "" };

  beforeAll(async () => {
    cli = await runCli(["apply", "-f", join(manifests, "refused")], { env });
  });

  it("the CLI applies nothing and lists every problem", async () => {
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`fix the ${refused.length} problems above`);
    const names = new Set((await owner.resources("gamma").listAll()).map((r) => r.name));
    expect(refused.filter(({ doc }) => names.has(String(doc.metadata.name)))).toEqual([]);
  });

  for (const { file, doc, line, message } of refused) {
    it(`${file.slice(manifests.length)}: by the CLI at line ${line}, and by the API itself`, async () => {
      expect(cli.stderr).toContain(`${file}:${line}: ${message}`);
      // The same document straight to the API: a 422 naming the same field.
      const err = await owner
        .resources("gamma")
        .apply(doc as never)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      const split = message.indexOf(": ");
      expect((err as ValidationError).fields).toContainEqual(
        expect.objectContaining({
          path: message.slice(0, split),
          detail: expect.stringContaining(message.slice(split + 2)),
        }),
      );
    });
  }
});

describe("objects that are not for a mesh", () => {
  const file = join(manifests, "mixed/with-gateways.yaml");

  it("--strict makes them fatal: nothing is applied", async () => {
    const r = await runCli(["apply", "--strict", "-f", file], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${file}:10: Gateway infra/public: a Gateway configures ingress gateways, not a mesh (--strict refuses what is not for a mesh)`,
    );
    expect(r.stderr).toContain("nothing was changed");
    await expect(
      owner.resources("gamma").get("HTTPRoute", "storefront", { namespace: "shop" }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  it("are skipped with a message naming each, and the rest of the file applies", async () => {
    const r = await runCli(["apply", "-f", file], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split("\n").filter(Boolean)).toEqual([
      `! ${file}:3: skipped GatewayClass default/example: a GatewayClass configures ingress gateways, not a mesh`,
      `! ${file}:10: skipped Gateway infra/public: a Gateway configures ingress gateways, not a mesh`,
      `! ${file}:23: skipped HTTPRoute infra/storefront-ingress: its parentRefs name only Gateways (parentRefs[0] (Gateway public)), so it configures an ingress gateway, not the mesh`,
      `! ${file}:40: httproute/shop/storefront: parentRefs[0] (Gateway infra/public) is not for a mesh: skipped (the route applies to its Service parents)`,
    ]);
    expect(r.stdout.trim()).toBe("httproute/shop/storefront created");
    const stored = await owner.resources("gamma").get("HTTPRoute", "storefront", { namespace: "shop" });
    expect(stored.spec.parentRefs).toEqual([
      { group: "", kind: "Service", name: "storefront", namespace: "shop", port: 8080 },
    ]);
  });
});

describe("apply --dry-run", () => {
  it("is the server's: it shows the change, refuses what the server refuses, and writes nothing", async () => {
    const file = join(manifests, "accepted/http-split.yaml");
    await runCli(["apply", "-f", file], { env });
    const before = await owner.resources("gamma").get("HTTPRoute", "reviews-split", { namespace: "gamma" });
    const changed = readFileSync(file, "utf8")
      .replace("weight: 90", "weight: 70")
      .replace("weight: 10", "weight: 30");
    const r = await runCli(["apply", "--dry-run", "-f", "-"], { env, stdin: changed });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("httproute/gamma/reviews-split configured (server dry run)");
    expect(r.stdout).toMatch(/^- +weight: 90$/m);
    expect(r.stdout).toMatch(/^\+ +weight: 70$/m);
    const after = await owner.resources("gamma").get("HTTPRoute", "reviews-split", { namespace: "gamma" });
    expect(after.generation).toBe(before.generation);
    const fresh = await runCli(["apply", "--dry-run", "-f", "-"], {
      env,
      stdin: changed.replace("name: reviews-split", "name: reviews-dry"),
    });
    expect(fresh.stdout).toContain("httproute/gamma/reviews-dry created (server dry run)");
    await expect(
      owner.resources("gamma").get("HTTPRoute", "reviews-dry", { namespace: "gamma" }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});
