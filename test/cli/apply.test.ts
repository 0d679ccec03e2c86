import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { fakeApi, problemBody, reply } from "../sdk/fixtures.ts";
import { runCli, tempDir } from "./run-cli.ts";

let cp: TestControlPlane;
let owner: TrellisClient;
let env: Record<string, string>;
let dir: { path: string; remove(): Promise<void> };

const documents = `# routes and policies of the web service
apiVersion: trellis.dev/v1
kind: HTTPRoute
metadata:
  name: web
spec:
  parentRefs:
    - name: web
  rules:
    - backendRefs:
        - name: web-v1
          weight: 90
        - name: web-v2
          weight: 10
---
apiVersion: trellis.dev/v1
kind: RetryPolicy
metadata:
  name: web-retries
spec:
  targetRef: { kind: Service, name: web }
  attempts: 4
---
{"apiVersion": "trellis.dev/v1", "kind": "CircuitBreaker", "metadata": {"name": "web-cb"},
 "spec": {"targetRef": {"kind": "Service", "name": "web"}, "limits": {"maxConnections": 100}}}
`;

// Line 14 holds the negative weight (the first document starts at line 1).
const malformed = `apiVersion: trellis.dev/v1
kind: HTTPRoute
metadata:
  name: api
spec:
  parentRefs:
    - name: api
  rules:
    - backendRefs:
        - name: api-v1
          weight: 90
        - name: api-v2
          # a weight cannot be negative
          weight: -10
`;

beforeAll(async () => {
  cp = await startTestControlPlane();
  const session = new TrellisClient({ baseUrl: cp.url });
  await session.auth.signup({
    email: `cli-apply-${Date.now()}@example.com`,
    password: "correct horse battery staple",
    orgName: "Apply Org",
  });
  const token = (await session.tokens.create({ name: "cli", role: "owner" })).token;
  owner = new TrellisClient({ baseUrl: cp.url, token });
  await owner.meshes.create({ name: "prod" });
  dir = await tempDir("trellis-cli-apply-");
  env = { TRELLIS_CONFIG_DIR: dir.path, TRELLIS_URL: cp.url, TRELLIS_TOKEN: token };
  await writeFile(join(dir.path, "web.yaml"), documents);
  await writeFile(join(dir.path, "routes.yaml"), malformed);
});
afterAll(async () => {
  await cp?.stop();
  await dir?.remove();
});

describe("trellis apply / get / delete", () => {
  it("apply -f of a multi-document file creates every resource; get -o yaml round-trips", async () => {
    const applied = await runCli(["apply", "-f", join(dir.path, "web.yaml")], { env });
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout.trim().split("\n")).toEqual([
      "httproute/web created",
      "retrypolicy/web-retries created",
      "circuitbreaker/web-cb created",
    ]);
    const got = await runCli(["get", "httproute", "web", "-o", "yaml"], { env });
    expect(got.code).toBe(0);
    const [doc] = parseAllDocuments(got.stdout).map((d) => d.toJS());
    expect(doc).toMatchObject({
      apiVersion: "trellis.dev/v1",
      kind: "HTTPRoute",
      metadata: { name: "web", namespace: "default", mesh: "prod" },
      status: {
        conditions: expect.arrayContaining([expect.objectContaining({ type: "Accepted", status: "True" })]),
      },
    });
    expect(doc.spec.rules[0].backendRefs).toEqual([
      { kind: "Service", name: "web-v1", namespace: "default", weight: 90 },
      { kind: "Service", name: "web-v2", namespace: "default", weight: 10 },
    ]);
    // What get prints, apply takes back as unchanged.
    const all = await runCli(["get", "all", "-o", "yaml"], { env });
    const again = await runCli(["apply", "-f", "-"], { env, stdin: all.stdout });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("httproute/web unchanged");
    expect(again.stdout).toContain("meshsettings/default unchanged");
    expect(again.stdout).not.toContain("configured");
  });

  it("get -o table and -o json list the resources of a kind", async () => {
    const t = await runCli(["get", "routes"], { env });
    // No cluster discovered web-v1/web-v2: the status says so.
    expect(t.stdout).toMatch(
      /^NAME\s+STATUS\s+GENERATION\s+UPDATED\nweb\s+ResolvedRefs=BackendNotFound\S*\s+1\s+/,
    );
    const j = await runCli(["get", "retrypolicies", "-o", "json"], { env });
    expect(JSON.parse(j.stdout)).toEqual([
      expect.objectContaining({ kind: "RetryPolicy", spec: expect.objectContaining({ attempts: 4 }) }),
    ]);
  });

  it("apply --dry-run prints the diff and changes nothing", async () => {
    const changed = documents.replace("weight: 10", "weight: 20").replace("weight: 90", "weight: 80");
    const r = await runCli(["apply", "--dry-run", "-f", "-"], { env, stdin: changed });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("httproute/web configured (server dry run)");
    expect(r.stdout).toMatch(/^- +weight: 90$/m);
    expect(r.stdout).toMatch(/^\+ +weight: 80$/m);
    expect(r.stdout).toContain("retrypolicy/web-retries unchanged (server dry run)");
    expect((await owner.resources("prod").get("HTTPRoute", "web")).generation).toBe(1);
  });

  it("a malformed document points at the file, line and field, and nothing is applied", async () => {
    const file = join(dir.path, "routes.yaml");
    const r = await runCli(["apply", "-f", file], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:14: spec.rules[0].backendRefs[1].weight: Too small`);
    expect(r.stderr).toContain("nothing was changed");
    await expect(owner.resources("prod").get("HTTPRoute", "api")).rejects.toMatchObject({ status: 404 });
  });

  it("a semantic rule (weights adding up to 0) is reported at its line", async () => {
    // Valid for the schema but rejected semantically: the weights add up to 0.
    const zero = malformed.replace("weight: -10", "weight: 0").replace("weight: 90", "weight: 0");
    const r = await runCli(["apply", "-f", "-"], { env, stdin: zero });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/<stdin>:9: spec\.rules\[0\]\.backendRefs: the weights add up to 0/);
  });

  it("a document the server rejects (422) is reported at the line of the field it names", async () => {
    const api = await fakeApi((req, res) => {
      if (req.method === "GET") reply(res, 404, problemBody("not_found", 404, "no HTTPRoute web"));
      else
        reply(res, 422, {
          ...problemBody("invalid", 422, "the HTTPRoute spec is invalid"),
          errors: [{ pointer: "/spec/parentRefs/0/name", detail: "no such service in this mesh" }],
        });
    });
    try {
      const r = await runCli(["apply", "--mesh", "prod", "-f", "-"], {
        env: { ...env, TRELLIS_URL: api.url },
        stdin: malformed.replace("weight: -10", "weight: 10"),
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("<stdin>:7: spec.parentRefs[0].name: no such service in this mesh");
      expect(api.seen.map((s) => s.method)).toEqual(["GET", "PUT"]);
      expect(api.seen[1]!.headers["if-none-match"]).toBe("*");
    } finally {
      await api.close();
    }
  });

  it("delete -f removes what the file names; a second time it is not found (exit 1) unless --ignore-not-found", async () => {
    const file = join(dir.path, "web.yaml");
    const r = await runCli(["delete", "-f", file], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("circuitbreaker/web-cb deleted");
    const again = await runCli(["delete", "-f", file], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("httproute/web not found in mesh prod");
    expect((await runCli(["delete", "httproute", "web", "--ignore-not-found"], { env })).code).toBe(0);
  });
});
