import { type ChildProcess, spawn } from "node:child_process";
import { access, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CertAgent } from "../src/cert-agent/agent.ts";
import { envoyBootstrapCommand } from "../src/cli/bootstrap-commands.ts";
import type { Connector } from "../src/index.ts";
import type { CallResult } from "../src/testing/data-plane-scenarios/expectations.ts";
import { runSteps } from "../src/testing/data-plane-scenarios/run-steps.ts";
import { dataPlaneScenarios } from "../src/testing/data-plane-scenarios/scenarios.ts";
import {
  type ScenarioWorld,
  type ServerName,
  serverNames,
  worldSnapshot,
} from "../src/testing/data-plane-scenarios/world.ts";
import {
  type EchoBehaviour,
  EchoClient,
  type EchoReply,
  echoHandlers,
  echoService,
} from "../src/testing/echo-service.ts";
import { FakeControlPlane } from "../src/testing/fake-control-plane.ts";
import { TestCa } from "../src/testing/test-ca.ts";
import { Harness, memoryLogger } from "./harness.ts";

/**
 * The same data-plane scenarios through real Envoy sidecars: a client app → its Envoy
 * (outbound listener, RDS) → mTLS → each server's Envoy (inbound listener, RBAC) → a plain
 * gRPC app. Envoy cannot be installed on this project's machines, so this runs only when
 * TRELLIS_ENVOY_BIN names an Envoy binary (1.31 or newer); otherwise it is skipped — and
 * says so. It has NOT been run against Envoy here (see the README).
 */

const envoyBin = process.env.TRELLIS_ENVOY_BIN;
if (!envoyBin)
  console.warn(
    "\n*** SKIPPED: Envoy conformance scenarios (test/xds-envoy-scenarios.test.ts) — set TRELLIS_ENVOY_BIN=/path/to/envoy to run them. ***\n",
  );

const td = "demo.trellis.test";
const v2 = "trellis.config/v2";
const id = (sa: string) => `spiffe://${td}/ns/default/sa/${sa}`;
const h = new Harness();
let cp: FakeControlPlane;
let connector: Connector;
let world: ScenarioWorld;
let version = 1;
let client: grpc.Client;
const behaviours = {} as Record<ServerName, EchoBehaviour>;
const calls = {} as Record<ServerName, { count: number }>;
const nodes = ["envoy-frontend-1", "envoy-catalog-v1-1", "envoy-catalog-v2-1"];

/** Envoy listens where its bootstrap says: take a free port and release it. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function app(name: ServerName): Promise<number> {
  calls[name] = { count: 0 };
  behaviours[name] = {};
  const server = new grpc.Server();
  server.addService(
    echoService,
    echoHandlers(name, () => behaviours[name], calls[name]),
  );
  h.defer(() => server.forceShutdown());
  return new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
}

async function sidecar(
  node: string,
  service: string,
  ports: { outbound: number; inbound?: number; app?: number },
) {
  const dir = await h.tempDir();
  const agent = new CertAgent(
    {
      connector: `127.0.0.1:${connector.status().addresses.proxyPort}`,
      identity: id(service),
      dir,
      nodeId: node,
      service,
      namespace: "default",
      kind: "envoy",
      renewAtFraction: 0.5,
      logLevel: "info",
    },
    memoryLogger(),
  );
  await agent.start();
  h.defer(() => agent.stop());
  await waitFor(() => access(join(dir, "cert.pem")).then(() => true), {
    what: `${node}'s certificate`,
    timeoutMs: 30_000,
  });
  const bootstrap = join(dir, "envoy.json");
  await envoyBootstrapCommand([
    "--service",
    service,
    "--node-id",
    node,
    "--out",
    bootstrap,
    "--xds-server",
    `127.0.0.1:${connector.status().addresses.xdsPort}`,
    "--admin-port",
    String(await freePort()),
    "--outbound-port",
    String(ports.outbound),
    ...(ports.inbound ? ["--inbound-port", String(ports.inbound), "--app-port", String(ports.app)] : []),
    "--identity",
    id(service),
    "--cert-dir",
    dir,
  ]);
  const envoy: ChildProcess = spawn(
    envoyBin!,
    ["-c", bootstrap, "--disable-hot-restart", "--log-level", "warn"],
    {
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  h.defer(() => envoy.kill("SIGKILL"));
}

async function push(snapshot: ReturnType<typeof worldSnapshot>): Promise<void> {
  cp.pushConfig(snapshot.version, { [v2]: snapshot });
  await waitFor(
    () =>
      nodes.every(
        (n) =>
          connector.status().proxies.find((p) => p.proxyId === n)?.appliedConfigVersion === snapshot.version,
      ),
    { what: `every Envoy at version ${snapshot.version}`, timeoutMs: 30_000 },
  );
}

function call(
  count: number,
  opts: { metadata?: Record<string, string>; deadlineMs?: number },
): Promise<CallResult[]> {
  const one = (): Promise<CallResult> => {
    const md = new grpc.Metadata();
    for (const [k, v] of Object.entries(opts.metadata ?? {})) md.set(k, v);
    const started = performance.now();
    return new Promise((resolve) =>
      (client as unknown as Record<string, (...a: unknown[]) => void>).Echo!(
        { text: "hi" },
        md,
        { deadline: Date.now() + (opts.deadlineMs ?? 5_000) },
        (err: grpc.ServiceError | null, reply: EchoReply) => {
          const elapsedMs = Math.round(performance.now() - started);
          if (err) return resolve({ ok: false, code: err.code, details: err.details, elapsedMs });
          // Behind a sidecar the app sees its caller in the header the inbound Envoy sets.
          resolve({
            ok: true,
            code: 0,
            server: reply.server,
            peerIdentity: reply.metadata["x-trellis-client-identity"] ?? null,
            elapsedMs,
          });
        },
      ),
    );
  };
  return (async () => {
    const out: CallResult[] = [];
    for (let i = 0; i < count; i++) out.push(await one());
    return out;
  })();
}

describe.skipIf(!envoyBin)(
  "data-plane scenarios through Envoy sidecars fed by the connector's xDS server",
  () => {
    beforeAll(async () => {
      const ca = await TestCa.create(td);
      cp = await FakeControlPlane.start({ joinTokens: ["jt"], signer: ca.signer() });
      h.defer(() => cp.stop());
      const file = join(await h.tempDir(), "services.yaml");
      await writeFile(file, "services: []\n");
      connector = h.connector({
        controlPlane: cp.url,
        stateDir: await h.tempDir(),
        discovery: `file:${file}`,
        joinToken: "jt",
        extra: ["--xds", "127.0.0.1:0"],
      });
      await connector.start();
      await waitFor(() => connector.status().state === "connected");
      const inbound = { "catalog-v1": await freePort(), "catalog-v2": await freePort() };
      world = {
        trustDomain: td,
        trustBundle: [ca.rootPem],
        clientIdentity: id("frontend"),
        endpoints: {
          "catalog-v1": { address: "127.0.0.1", port: inbound["catalog-v1"], identity: id("catalog-v1") },
          "catalog-v2": { address: "127.0.0.1", port: inbound["catalog-v2"], identity: id("catalog-v2") },
        },
      };
      cp.pushConfig(1, { [v2]: worldSnapshot(world, 1) });
      for (const name of serverNames)
        await sidecar(`envoy-${name}-1`, name, {
          outbound: await freePort(),
          inbound: inbound[name],
          app: await app(name),
        });
      const outbound = await freePort();
      await sidecar("envoy-frontend-1", "frontend", { outbound });
      client = new EchoClient(`127.0.0.1:${outbound}`, grpc.credentials.createInsecure(), {
        "grpc.default_authority": "catalog:8080",
      });
      h.defer(() => client.close());
      await push(worldSnapshot(world, ++version));
    }, 180_000);

    afterAll(() => h.cleanup());

    for (const scenario of dataPlaneScenarios) {
      it(scenario.name, async () => {
        await push(scenario.snapshot(world, ++version));
        const failures = await runSteps(scenario, world, {
          behave: async (server, behaviour) => {
            behaviours[server] = behaviour;
            calls[server].count = 0;
          },
          call,
        });
        expect(failures).toEqual([]);
      }, 60_000);
    }

    it("every sidecar is in the proxy report as Envoy", () => {
      for (const n of nodes)
        expect(
          connector.status().proxies.find((p) => p.proxyId === n),
          n,
        ).toMatchObject({ kind: "PROXY_KIND_ENVOY", userAgent: "envoy" });
    });
  },
);
