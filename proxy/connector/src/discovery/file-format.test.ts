import { describe, expect, it } from "vitest";
import { parseDiscoveryFile } from "./file-format.ts";

describe("discovery file format", () => {
  it("reads YAML with defaults (namespace, ready, endpoints)", () => {
    const r = parseDiscoveryFile(`
services:
  - name: billing
    ports: [{ port: 8080, protocol: grpc }]
    endpoints:
      - { address: 10.1.0.5, port: 4143, vmName: billing-vm-1 }
  - name: static
    namespace: web
    ports: [{ port: 80, protocol: http, name: http }]
`);
    expect(r).toEqual({
      ok: true,
      update: {
        services: [
          {
            name: "billing",
            namespace: "default",
            ports: [{ port: 8080, protocol: "grpc", name: "" }],
            endpoints: [
              {
                address: "10.1.0.5",
                port: 4143,
                serviceAccount: "",
                vmName: "billing-vm-1",
                workload: "billing-vm-1",
                ready: true,
              },
            ],
          },
          {
            name: "static",
            namespace: "web",
            ports: [{ port: 80, protocol: "http", name: "http" }],
            endpoints: [],
          },
        ],
      },
    });
  });

  it("reads JSON too", () => {
    expect(parseDiscoveryFile('{"services":[{"name":"a","ports":[{"port":1,"protocol":"tcp"}]}]}').ok).toBe(
      true,
    );
  });

  it("names the failing field", () => {
    expect(
      parseDiscoveryFile("services:\n  - name: a\n    ports: [{ port: 80, protocol: udp }]\n"),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^services\.0\.ports\.0\.protocol/),
    });
    expect(parseDiscoveryFile("services:\n  - name: a\n    ports: []\n")).toMatchObject({ ok: false });
    expect(
      parseDiscoveryFile("services: [{ name: a, ports: [{port: 1, protocol: tcp}], typo: 1 }]"),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/typo/),
    });
    expect(parseDiscoveryFile("services: [\n")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/YAML/),
    });
    const dup =
      "services: [{name: a, ports: [{port: 1, protocol: tcp}]}, {name: a, ports: [{port: 2, protocol: tcp}]}]";
    expect(parseDiscoveryFile(dup)).toMatchObject({ ok: false, error: expect.stringMatching(/twice/) });
  });
});
