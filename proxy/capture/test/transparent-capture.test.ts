import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ask,
  makeNetwork,
  type NsProcess,
  namespacesUnavailable,
  probe,
  runIn,
  waitForEvent,
} from "./netns.ts";

// Transparent capture for real, inside network namespaces made here: the init program
// installs the rules in the "app" namespace; an app with no proxy settings calls a
// service in the "svc" namespace; the call lands on a listener standing in for
// trellis-proxy's outbound port, which reads the original destination and forwards it.
const unavailable = namespacesUnavailable();
if (unavailable)
  console.warn(`\n*** SKIPPED transparent capture in network namespaces: ${unavailable} ***\n`);

const proxyUid = 2102;

describe.skipIf(unavailable !== undefined)("transparent capture in network namespaces", () => {
  let net: ReturnType<typeof makeNetwork>;
  const running: NsProcess[] = [];
  let outbound: NsProcess;
  let inbound: NsProcess;
  let service: NsProcess;
  let initOutput: string;

  const start = async (p: NsProcess, port: number) => {
    running.push(p);
    await waitForEvent(p, (e) => e.event === "ready" && e.port === port, `listener on ${port}`);
    return p;
  };

  beforeAll(async () => {
    net = makeNetwork();
    // The real init program, as the injector runs it, inside the app's namespace only.
    const init = runIn(net.app, [
      process.execPath,
      "bin/trellis-proxy-init.mjs",
      `--proxy-uid=${proxyUid}`,
      "--outbound-port=4140",
      "--inbound-port=4143",
      "--skip-inbound-ports=4143,4191",
      "--skip-outbound-ports=5432",
    ]);
    expect(await init.exited, init.stderr()).toBe(0);
    initOutput = execFileSync("ip", ["netns", "exec", net.app, "iptables-save", "-t", "nat"], {
      encoding: "utf8",
    });
    service = await start(probe(net.svc, ["serve", net.svcAddress, "80", "5432"]), 80);
    // The outbound stand-in runs as the proxy's uid: its own upstream call must not loop.
    outbound = await start(
      probe(net.app, ["listen", "127.0.0.1", "4140", "forward"], { uid: proxyUid }),
      4140,
    );
    inbound = await start(probe(net.app, ["listen", "::", "4143"]), 4143);
    await start(probe(net.app, ["listen", "0.0.0.0", "4191"]), 4191);
  }, 60_000);

  afterAll(() => {
    for (const p of running) p.child.kill("SIGKILL");
    net?.remove();
  });

  it("installs the rules in the app's namespace", () => {
    expect(initOutput).toContain("-A OUTPUT -p tcp -j TRELLIS_OUTPUT");
    expect(initOutput).toContain(`-A TRELLIS_OUTPUT -m owner --uid-owner ${proxyUid} -j RETURN`);
    expect(service.events.length).toBeGreaterThan(0);
  });

  it("an app with no proxy settings reaches the service through the outbound listener, which knows where it was going", async () => {
    const answer = await ask(net.app, net.svcAddress, 80);
    // The service saw the call come from the app's namespace, not redirected on its side.
    expect(answer).toBe(`service 80 from ${net.appAddress} original=null`);
    const accepted = await waitForEvent(outbound, (e) => e.event === "accepted", "the redirected connection");
    expect(accepted.original).toEqual({ address: net.svcAddress, port: 80, family: "IPv4" });
    // REDIRECT rewrites only the destination: the source is still the app's address.
    expect(accepted.remote).toBe(net.appAddress);
  });

  it("lets the proxy's own uid and skipped ports go straight", async () => {
    const before = outbound.events.filter((e) => e.event === "accepted").length;
    expect(await ask(net.app, net.svcAddress, 5432)).toBe(
      `service 5432 from ${net.appAddress} original=null`,
    );
    expect(await ask(net.app, net.svcAddress, 80, { uid: proxyUid })).toBe(
      `service 80 from ${net.appAddress} original=null`,
    );
    expect(outbound.events.filter((e) => e.event === "accepted").length).toBe(before);
  });

  it("redirects inbound calls to the inbound port, where the original port is known (v4 on a dual-stack socket)", async () => {
    const answer = await ask(net.svc, net.appAddress, 8080);
    expect(answer).toBe(
      `listener 4143 original=${JSON.stringify({ address: net.appAddress, port: 8080, family: "IPv4" })}`,
    );
    const accepted = await waitForEvent(inbound, (e) => e.event === "accepted", "the inbound connection");
    expect(accepted.remote).toBe(`::ffff:${net.svcAddress}`);
  });

  it("leaves skipped inbound ports alone: their original destination is where they arrived", async () => {
    const direct = { address: net.appAddress, port: 4191, family: "IPv4" };
    expect(await ask(net.svc, net.appAddress, 4191)).toBe(`listener 4191 original=${JSON.stringify(direct)}`);
  });

  it("running the init program again changes nothing", async () => {
    const again = runIn(net.app, [process.execPath, "bin/trellis-proxy-init.mjs", `--proxy-uid=${proxyUid}`]);
    expect(await again.exited).toBe(0);
    const rules = execFileSync("ip", ["netns", "exec", net.app, "iptables-save", "-t", "nat"], {
      encoding: "utf8",
    });
    expect(rules.match(/-A OUTPUT -p tcp -j TRELLIS_OUTPUT/g)).toHaveLength(1);
  });
});
