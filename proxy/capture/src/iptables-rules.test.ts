import { describe, expect, it } from "vitest";
import { CaptureOptionsError, parseCaptureArgs } from "./capture-options.ts";
import { captureRules } from "./iptables-rules.ts";

describe("captureRules", () => {
  it("redirects inbound and outbound TCP, sparing the proxy's uid, loopback and what is skipped", () => {
    const rules = captureRules(
      parseCaptureArgs([
        "--skip-inbound-ports=4191,8081",
        "--skip-outbound-ports=5432,6379:6380",
        "--skip-outbound-cidrs=169.254.169.254/32",
      ]),
    );
    expect(rules).toBe(`*nat
:TRELLIS_INBOUND - [0:0]
:TRELLIS_INBOUND_REDIRECT - [0:0]
:TRELLIS_OUTPUT - [0:0]
:TRELLIS_OUTBOUND_REDIRECT - [0:0]
-A TRELLIS_INBOUND_REDIRECT -p tcp -j REDIRECT --to-ports 4143
-A TRELLIS_INBOUND -p tcp -m multiport --dports 4143,4191,8081 -j RETURN
-A TRELLIS_INBOUND -p tcp -j TRELLIS_INBOUND_REDIRECT
-A PREROUTING -p tcp -j TRELLIS_INBOUND
-A TRELLIS_OUTBOUND_REDIRECT -p tcp -j REDIRECT --to-ports 4140
-A TRELLIS_OUTPUT -m owner --uid-owner 2102 -j RETURN
-A TRELLIS_OUTPUT -o lo -j RETURN
-A TRELLIS_OUTPUT -p tcp -m multiport --dports 5432,6379:6380 -j RETURN
-A TRELLIS_OUTPUT -d 169.254.169.254/32 -j RETURN
-A TRELLIS_OUTPUT -p tcp -j TRELLIS_OUTBOUND_REDIRECT
-A OUTPUT -p tcp -j TRELLIS_OUTPUT
COMMIT
`);
  });

  it("captures nothing inbound for an outbound-only proxy", () => {
    const rules = captureRules(parseCaptureArgs(["--capture-inbound=false"]));
    expect(rules).not.toContain("PREROUTING");
    expect(rules).toContain("-A OUTPUT -p tcp -j TRELLIS_OUTPUT");
  });

  it("splits long port lists: multiport takes 15 ports per rule, a range counting two", () => {
    const ports = Array.from({ length: 20 }, (_, i) => String(10_000 + i));
    const rules = captureRules(parseCaptureArgs([`--skip-outbound-ports=${ports.join(",")},20000:20010`]));
    const lines = rules.split("\n").filter((l) => l.includes("TRELLIS_OUTPUT -p tcp -m multiport"));
    expect(lines.map((l) => l.split("--dports ")[1]!.split(" ")[0]!.split(",").length)).toEqual([15, 6]);
  });
});

describe("parseCaptureArgs", () => {
  it("takes the injector's defaults, and --flag value as well as --flag=value", () => {
    expect(parseCaptureArgs(["--proxy-uid", "1337", "--dry-run"])).toMatchObject({
      proxyUid: 1337,
      inboundPort: 4143,
      outboundPort: 4140,
      captureInbound: true,
      dryRun: true,
      skipOutboundPorts: [],
    });
  });

  it("names the flag that is wrong", () => {
    const bad: [string[], RegExp][] = [
      [["--skip-outbound-ports=80,70000"], /--skip-outbound-ports: must be within 1–65535/],
      [["--skip-outbound-cidrs=10.0.0.0"], /--skip-outbound-cidrs: must be an IPv4 CIDR/],
      [["--inbound-port=0"], /--inbound-port:/],
      [["--capture-inbound=maybe"], /--capture-inbound:/],
      [["--outbound"], /unknown flag --outbound/],
      [["--proxy-uid"], /--proxy-uid needs a value/],
    ];
    for (const [argv, message] of bad) {
      expect(() => parseCaptureArgs(argv)).toThrow(CaptureOptionsError);
      expect(() => parseCaptureArgs(argv)).toThrow(message);
    }
  });
});
