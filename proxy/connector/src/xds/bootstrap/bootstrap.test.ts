import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { roundTrip } from "../protos/proto-codec.ts";
import { profileOf } from "../translate/node-profile.ts";
import { envoyBootstrap } from "./envoy-bootstrap.ts";
import { grpcBootstrap } from "./grpc-bootstrap.ts";

// grpc-js-xds's own bootstrap validator: the file is checked by the library that reads it.
const { validateBootstrapConfig } = createRequire(import.meta.url)(
  "@grpc/grpc-js-xds/build/src/xds-bootstrap.js",
) as {
  validateBootstrapConfig(obj: unknown): {
    node: { id: string; metadata?: { fields: Record<string, unknown> } };
    serverListenerResourceNameTemplate: string | null;
    certificateProviders: Record<string, { pluginName: string; config: Record<string, unknown> }>;
  };
};

describe("proxyless gRPC bootstrap", () => {
  it("is accepted by grpc-js-xds, with file-watcher certificate providers over the cert agent's files", () => {
    const info = validateBootstrapConfig(
      grpcBootstrap({
        xdsServer: "10.0.0.2:4192",
        nodeId: "catalog-7f",
        service: "catalog",
        certDir: "/var/run/trellis",
      }),
    );
    expect(info.node.id).toBe("catalog-7f");
    expect(info.serverListenerResourceNameTemplate).toBe("trellis/inbound/%s");
    expect(info.certificateProviders["trellis-identity"]).toEqual({
      pluginName: "file_watcher",
      config: {
        certificateFile: "/var/run/trellis/cert.pem",
        privateKeyFile: "/var/run/trellis/key.pem",
        caCertificateFile: undefined,
        refreshIntervalMs: 10_000,
      },
    });
    expect(info.certificateProviders["trellis-roots"]?.config.caCertificateFile).toBe(
      "/var/run/trellis/ca.pem",
    );
  });

  it("without a cert dir has no certificate providers (plaintext), and its metadata is a valid profile", () => {
    const b = grpcBootstrap({ xdsServer: "127.0.0.1:4192", nodeId: "n" });
    expect(validateBootstrapConfig(b).certificateProviders).toEqual({});
    const node = b.node as { id: string; metadata: Record<string, unknown> };
    expect(
      profileOf({
        id: node.id,
        userAgentName: "gRPC Node Pure JS",
        userAgentVersion: "1.14.1",
        metadata: node.metadata,
      }),
    ).toEqual({
      ok: true,
      profile: { kind: "grpc-proxyless", service: null, identity: null, certs: null, envoy: null },
    });
  });
});

describe("Envoy bootstrap", () => {
  const full = envoyBootstrap({
    xdsServer: "trellis-connector.trellis-system.svc:4192",
    nodeId: "envoy~shop~catalog~pod-1",
    service: "catalog",
    namespace: "shop",
    adminPort: 9901,
    outboundPort: 4140,
    inboundPort: 4143,
    appPort: 8080,
    identity: "spiffe://shop.trellis.local/ns/shop/sa/catalog",
    certDir: "/var/run/trellis",
  });

  it("is a valid envoy.config.bootstrap.v3.Bootstrap (strict round trip)", () => {
    const r = roundTrip("envoy.config.bootstrap.v3.Bootstrap", full);
    expect(r.problems).toEqual([]);
    expect(r.decoded).toEqual(full);
  });

  it("talks delta ADS to the connector over HTTP/2, by DNS name or by IP", () => {
    const ads = (full.dynamic_resources as { ads_config: Record<string, unknown> }).ads_config;
    expect(ads).toMatchObject({ api_type: "DELTA_GRPC", transport_api_version: "V3" });
    const clusters = (full.static_resources as { clusters: Record<string, unknown>[] }).clusters;
    expect(clusters[0]).toMatchObject({ name: "trellis-xds", type: "STRICT_DNS" });
    const byIp = envoyBootstrap({
      xdsServer: "127.0.0.1:4192",
      nodeId: "n",
      service: "s",
      namespace: "d",
      adminPort: 1,
      outboundPort: 2,
      protocol: "sotw",
    });
    expect((byIp.static_resources as { clusters: { type: string }[] }).clusters[0]!.type).toBe("STATIC");
    expect(roundTrip("envoy.config.bootstrap.v3.Bootstrap", byIp).problems).toEqual([]);
  });

  it("its node metadata is the profile the xDS server serves", () => {
    const node = full.node as { id: string; metadata: Record<string, unknown> };
    const p = profileOf({
      id: node.id,
      userAgentName: "envoy",
      userAgentVersion: "1.31.0",
      metadata: node.metadata,
    });
    expect(p).toEqual({
      ok: true,
      profile: {
        kind: "envoy",
        service: { name: "catalog", namespace: "shop" },
        identity: "spiffe://shop.trellis.local/ns/shop/sa/catalog",
        certs: { dir: "/var/run/trellis" },
        envoy: { outboundPort: 4140, inboundPort: 4143, appPort: 8080 },
      },
    });
  });
});
