// The plugin server as a go-plugin host sees it: the handshake line, AutoMTLS (the host
// trusts exactly the certificate in that line; the plugin accepts only the host's), the
// health check, GRPCStdio, the provider RPCs and GRPCController/Shutdown.
import * as grpc from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { readDynamicValue } from "../cty/dynamic-value.ts";
import { decodeMsgpack } from "../cty/msgpack.ts";
import { pluginPackageDefinition } from "../protocol/index.ts";
import { providerHandlers } from "../provider/handlers.ts";
import { buildRegistry } from "../provider/registry.ts";
import { silentLogger } from "./log.ts";
import { selfSignedCert } from "./self-signed-cert.ts";
import { type RunningPlugin, servePlugin } from "./serve.ts";
import { StdioRelay } from "./stdio.ts";

// biome-ignore lint/suspicious/noExplicitAny: a dynamic grpc-js client is untyped
type AnyClient = any;
const pkg = grpc.loadPackageDefinition(pluginPackageDefinition()) as AnyClient;
const host = selfSignedCert(); // what Terraform generates and passes in PLUGIN_CLIENT_CERT
let plugin: RunningPlugin | undefined;

afterEach(async () => {
  await plugin?.shutdown();
  plugin = undefined;
});

async function start(stdio = new StdioRelay()) {
  let line = "";
  plugin = await servePlugin({
    handlers: providerHandlers(buildRegistry(), {}, silentLogger),
    clientCertPem: host.certPem,
    stdio,
    log: silentLogger,
    writeHandshake: (l) => {
      line = l;
    },
  });
  const [core, version, network, address, protocol, cert] = line.trim().split("|");
  expect([core, version, network, protocol]).toEqual(["1", "6", "tcp", "grpc"]);
  expect(address).toBe(`127.0.0.1:${plugin.port}`);
  const der = Buffer.from(cert!, "base64");
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString("base64")}\n-----END CERTIFICATE-----\n`;
  const creds = grpc.credentials.createSsl(
    Buffer.from(pem),
    Buffer.from(host.keyPem),
    Buffer.from(host.certPem),
  );
  const options = { "grpc.ssl_target_name_override": "localhost" };
  const client = (path: string): AnyClient =>
    new (path.split(".").reduce((o, k) => o[k], pkg))(address, creds, options);
  return { client, address: address!, pem };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

const call = <T>(client: AnyClient, method: string, request: object): Promise<T> =>
  new Promise((resolve, reject) =>
    client[method](request, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))),
  );

describe("the plugin's gRPC server", () => {
  it("answers the health check and the provider's schema over mutual TLS", async () => {
    const { client } = await start();
    expect(await call(client("grpc.health.v1.Health"), "Check", { service: "plugin" })).toEqual({
      status: "SERVING",
    });
    const schema = await call<{
      resourceSchemas: Record<string, unknown>;
      dataSourceSchemas: Record<string, unknown>;
    }>(client("tfplugin6.Provider"), "GetProviderSchema", {});
    expect(Object.keys(schema.resourceSchemas)).toEqual(
      expect.arrayContaining([
        "trellis_mesh",
        "trellis_cluster",
        "trellis_http_route",
        "trellis_rate_limit",
        "trellis_webhook",
      ]),
    );
    expect(Object.keys(schema.dataSourceSchemas).sort()).toEqual([
      "trellis_mesh",
      "trellis_services",
      "trellis_sync_status",
    ]);
  });

  it("refuses a client without the host's certificate", async () => {
    const { address, pem } = await start();
    const stranger = selfSignedCert();
    const creds = grpc.credentials.createSsl(
      Buffer.from(pem),
      Buffer.from(stranger.keyPem),
      Buffer.from(stranger.certPem),
    );
    const client = new pkg.grpc.health.v1.Health(address, creds, {
      "grpc.ssl_target_name_override": "localhost",
    });
    await expect(call(client, "Check", { service: "plugin" })).rejects.toThrow(/UNAVAILABLE/);
    client.close();
  });

  it("upgrades a stored state to the current schema", async () => {
    const { client } = await start();
    const stored = { id: "shop", name: "shop", description: "", a_removed_attribute: 1, settings: null };
    const res = await call<{ upgradedState: { msgpack: Buffer }; diagnostics: unknown[] }>(
      client("tfplugin6.Provider"),
      "UpgradeResourceState",
      { typeName: "trellis_mesh", version: 0, rawState: { json: Buffer.from(JSON.stringify(stored)) } },
    );
    expect(res.diagnostics).toEqual([]);
    const state = decodeMsgpack(res.upgradedState.msgpack) as Record<string, unknown>;
    expect(state).toMatchObject({ id: "shop", name: "shop", trust_domain: null, etag: null });
    expect(state).not.toHaveProperty("a_removed_attribute");
    expect(readDynamicValue("string", null)).toBeNull();
  });

  it("streams what the process wrote to stdout and stderr, earlier output first", async () => {
    const stdio = new StdioRelay();
    stdio.write("STDERR", Buffer.from("before the host asked\n"));
    const { client } = await start(stdio);
    const stream = client("plugin.GRPCStdio").StreamStdio({});
    const chunks: { channel: string; data: Buffer }[] = [];
    stream.on("data", (c: { channel: string; data: Buffer }) => chunks.push(c));
    await until(() => chunks.length === 1);
    stdio.write("STDOUT", Buffer.from("after\n"));
    await until(() => chunks.length === 2);
    expect(chunks.map((c) => [c.channel, c.data.toString()])).toEqual([
      ["STDERR", "before the host asked\n"],
      ["STDOUT", "after\n"],
    ]);
    stream.on("error", () => {}); // cancelling below ends the call with CANCELLED
    stream.cancel();
  });

  it("shuts down when the host asks (GRPCController)", async () => {
    const { client } = await start();
    const running = plugin!;
    plugin = undefined;
    await call(client("plugin.GRPCController"), "Shutdown", {});
    await running.done;
  });
});
