// The "svc" network namespace of transparent-mesh.netns.test.ts: a connector stand-in
// (ProxyControl: snapshot + CSR signing with a test CA) on 198.18.0.2:4190, an opaque TCP
// service on 127.0.0.1:9000 (reachable only through its proxy), and that service's
// trellis-proxy with its inbound listener on 198.18.0.2:4143 (mTLS only). One JSON line
// per event on stdout.
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configSnapshotSchema } from "@trellis/protocol/snapshot";
import { bind, build, parseConfig } from "@trellis/proxy";
import { FakeConnector, TestCa } from "@trellis/proxy/testing/fake-connector";
import { silentLogger } from "@trellis/proxy-core/logger";

const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
const [svcAddress, clusterIp] = process.argv.slice(2) as [string, string];
const trustDomain = "test.mesh.local";

const ca = await TestCa.create(trustDomain);
const connector = await FakeConnector.start({ ca, host: svcAddress, port: 4190 });
connector.push(
  configSnapshotSchema.parse({
    schema: "trellis.config/v1",
    mesh: { name: "netns", trustDomain },
    cluster: "clu_netns",
    version: 1,
    settings: { mtlsMode: "strict", egressMode: "deny", defaultPolicy: "allow", certTtlSeconds: 86400 },
    services: [
      {
        name: "db",
        namespace: "shop",
        // The compiler puts the cluster's own ClusterIPs among the hostnames (v1 snapshot).
        hostnames: ["db.shop.svc.cluster.local", clusterIp],
        ports: [{ port: 9000, protocol: "tcp" }],
        endpoints: [
          {
            address: svcAddress,
            port: 4143,
            identity: `spiffe://${trustDomain}/ns/shop/sa/db`,
            cluster: "clu_netns",
          },
        ],
      },
    ],
    httpRoutes: [],
    grpcRoutes: [],
    retryPolicies: [],
    circuitBreakers: [],
    authorizationPolicies: [],
    rateLimits: [],
    faultInjections: [],
    trustBundle: [ca.rootPem],
  }),
);

const service = createServer((socket) => {
  socket.once("data", (d: Buffer) =>
    socket.end(`db got "${d.toString().trim()}" from ${socket.remoteAddress}\n`),
  );
  socket.on("error", () => {});
});
await new Promise<void>((resolve) => service.listen(9000, "127.0.0.1", resolve));

const config = parseConfig([
  `--connector=${svcAddress}:4190`,
  "--namespace=shop",
  "--service-account=db",
  "--service=db",
  `--inbound=${svcAddress}:4143`,
  "--app=127.0.0.1:9000",
  "--app-protocol=tcp",
  "--admin=127.0.0.1:0",
  `--state-dir=${mkdtempSync(join(tmpdir(), "trellis-netns-db-"))}`,
  "--log-level=silent",
]);
const proxy = await build(config, await bind(config), { logger: silentLogger });
await proxy.run();
say({ event: "ready" });

// Reports which identities the stand-in signed (each proxy's CSR), for the test to check.
let reported = 0;
setInterval(() => {
  const signed = connector.messages("signRequest");
  for (const r of signed.slice(reported)) say({ event: "signed", identity: r.identity });
  reported = signed.length;
}, 200).unref();
process.on("SIGTERM", () => process.exit(0));
