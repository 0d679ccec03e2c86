import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import {
  build as buildConnector,
  parseConfig as parseConnectorConfig,
  silentLogger,
} from "@trellis/connector";
import { FakeControlPlane } from "@trellis/connector/testing/fake-control-plane";
import { sampleSnapshot } from "@trellis/connector/testing/sample-snapshot";
import { sampleSnapshotV2 } from "@trellis/connector/testing/sample-snapshot-v2";
import { build, parseConfig } from "@trellis/proxy";
import { createLogger } from "@trellis/proxy-core/logger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../cli/run-cli.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * Snapshot schemas between releases, with the real connector and the real trellis-proxy:
 * the proxy announces v2 and v1, gets v2 from a current control plane, and still applies
 * the v1 a previous-release control plane sends (read through its v1 → v2 conversion).
 * That a proxy of the previous release (no accepted schemas) gets v1 is the connector's
 * own test (proxy/connector/test/snapshot-v2.test.ts), with a stand-in speaking its wire protocol.
 */

const v1 = "trellis.config/v1";
const v2 = "trellis.config/v2";
const closers: (() => unknown)[] = [];
let cp: FakeControlPlane;
let adminPort = 0;
let applied: () => number;

type ConfigView = { version: number; schema: string; virtualHosts: { name: string }[] };
const config = async () => (await (await fetch(`http://127.0.0.1:${adminPort}/config`)).json()) as ConfigView;

function listening(): Promise<Server> {
  const s = createServer();
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}

beforeAll(async () => {
  cp = await FakeControlPlane.start({ joinTokens: ["jt"] });
  closers.push(() => cp.stop());
  const dirs = [await tempDir("trellis-schemas-"), await tempDir("trellis-schemas-")];
  closers.push(() => Promise.all(dirs.map((d) => d.remove())));
  const discovery = join(dirs[0]!.path, "services.yaml");
  await writeFile(discovery, "services: []\n");
  const connector = buildConnector(
    parseConnectorConfig(
      [
        ...["--control-plane", cp.url, "--state-dir", dirs[0]!.path, "--discovery", `file:${discovery}`],
        ...["--listen", "127.0.0.1:0", "--join-token", "jt"],
      ],
      {},
    ),
    { logger: silentLogger },
  );
  await connector.start();
  closers.push(() => connector.stop());
  await waitFor(() => connector.status().state === "connected", { what: "the connector connected" });
  const [outbound, admin] = [await listening(), await listening()];
  adminPort = (admin.address() as { port: number }).port;
  const proxy = await build(
    parseConfig(
      [
        ...["--connector", `127.0.0.1:${connector.status().addresses.proxyPort}`],
        ...["--service", "web", "--service-account", "web", "--state-dir", dirs[1]!.path],
        ...["--outbound", `127.0.0.1:${(outbound.address() as { port: number }).port}`],
        ...["--admin", `127.0.0.1:${adminPort}`],
      ],
      {},
    ),
    { outbound, admin },
    { logger: createLogger("silent") },
  );
  closers.unshift(() => proxy.drain());
  await proxy.run();
  applied = () => proxy.appliedVersion();
}, 60_000);

afterAll(async () => {
  for (const fn of closers.reverse()) await fn();
});

describe("snapshot schemas between releases, through the real connector", () => {
  it("a current proxy gets and applies v2 when the control plane sends both renderings", async () => {
    cp.pushConfig(4, { [v2]: sampleSnapshotV2(4), [v1]: sampleSnapshot(4) });
    await waitFor(() => applied() === 4, { what: "version 4 applied" });
    const view = await config();
    expect(view).toMatchObject({ version: 4, schema: v2 });
    expect(view.virtualHosts.map((v) => v.name)).toContain("default/web");
  });

  it("it still applies v1 from a control plane of the previous release", async () => {
    cp.pushSnapshot(5, sampleSnapshot(5));
    await waitFor(() => applied() === 5, { what: "version 5 applied" });
    const view = await config();
    expect(view).toMatchObject({ version: 5, schema: v1 });
    // Read through the conversion: the same virtual host as the v2 rendering had.
    expect(view.virtualHosts.map((v) => v.name)).toContain("default/web");
  });
});
