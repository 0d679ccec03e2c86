import { signedUpClient, startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baselineBody, type Fixtures, pathValues } from "./baselines.ts";
import { generate, type MutationKind } from "./mutations.ts";
import { mutatingOperations, type Operation } from "./operations.ts";
import { SeededRandom, seedOfTheDay } from "./seeded-random.ts";
import { describe as describeRequest, type Outcome, send } from "./send.ts";

// Issue 13: bad input is never a 500. Thousands of generated bad requests over every
// mutating route of /v1/openapi.json, from a seed fixed per day (FUZZ_SEED replays a run).
const requestCount = Number(process.env.FUZZ_REQUESTS ?? 3200);
const concurrency = 6;

let cp: TestControlPlane;
let token: string;
let fixtures: Fixtures;
let operations: Operation[];

beforeAll(async () => {
  cp = await startTestControlPlane({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" } });
  const { client } = await signedUpClient(cp.url, "Fuzz Org");
  const ok = async (res: Promise<{ status: number; body: Record<string, unknown> }>) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`fixture failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  token = String((await ok(client.post("/v1/tokens", { name: "fuzzer", role: "owner" }))).token);
  await ok(client.post("/v1/meshes", { name: "fz" }));
  await ok(client.post("/v1/meshes/fz/clusters", { name: "fz-c" }));
  const spare = await ok(client.post("/v1/tokens", { name: "spare", role: "viewer" }));
  const other = await signedUpClient(cp.url, "Other Org");
  const added = await ok(client.post("/v1/members", { email: other.email, role: "viewer" }));
  const hook = await ok(client.post("/v1/webhooks", { url: "http://127.0.0.1:9/hook" }));
  fixtures = {
    mesh: "fz",
    cluster: "fz-c",
    tokenId: String(spare.id),
    memberId: String((added.member as { id: string }).id),
    webhookId: String(hook.id),
  };
  const document = (await (await fetch(`${cp.url}/v1/openapi.json`)).json()) as Record<string, unknown>;
  operations = mutatingOperations(document);
});
afterAll(() => cp?.stop());

describe("the API under generated bad input", () => {
  it("answers every bad request below 500, every error as problem+json", async () => {
    const seed = seedOfTheDay(process.env);
    const rng = new SeededRandom(seed);
    expect(operations.length).toBeGreaterThan(15);
    const requests = Array.from({ length: requestCount }, (_, n) => {
      const op = operations[n % operations.length]!;
      const values = pathValues(op, fixtures, rng);
      return generate(op, rng, values, baselineBody(op, values));
    });
    const outcomes: Outcome[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests.length) outcomes.push(await send(cp.url, token, requests[next++]!));
      }),
    );
    report(seed, outcomes);
    const violations = outcomes.filter((o) => o.violation);
    expect(
      violations.slice(0, 20).map((o) => `${o.violation}\n    ${describeRequest(o.request)}`),
      `seed ${seed}: ${violations.length} of ${outcomes.length} responses broke the contract`,
    ).toEqual([]);
    expect(outcomes.length).toBeGreaterThanOrEqual(3000);
  }, 240_000);
});

/** Prints how many requests of each kind were sent and how they were answered. */
function report(seed: number, outcomes: Outcome[]): void {
  const byKind = new Map<MutationKind, Map<number, number>>();
  for (const o of outcomes) {
    const statuses = byKind.get(o.request.kind) ?? new Map<number, number>();
    statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
    byKind.set(o.request.kind, statuses);
  }
  const lines = [...byKind].map(([kind, statuses]) => {
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    const detail = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    return `  ${kind.padEnd(20)} ${String(total).padStart(5)}  ${detail.join(" ")}`;
  });
  const failed = outcomes.filter((o) => o.violation).length;
  console.log(
    `API fuzz, seed ${seed}: ${outcomes.length} requests over ${new Set(outcomes.map((o) => `${o.request.method} ${o.request.path.split("?")[0]}`)).size} paths, ${failed} contract violations\n${lines.join("\n")}`,
  );
}
