import { describe, expect, it } from "vitest";
import { decodeToJson, encodeJson, roundTrip, toAny } from "./proto-codec.ts";

const cluster = "envoy.config.cluster.v3.Cluster";
const listener = "envoy.config.listener.v3.Listener";
const hcm =
  "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";

const goodCluster = {
  name: "default/web",
  type: "EDS",
  eds_cluster_config: { eds_config: { ads: {}, resource_api_version: "V3" }, service_name: "default/web" },
  connect_timeout: "1.5s",
  lb_policy: "ROUND_ROBIN",
  outlier_detection: { consecutive_5xx: 5, max_ejection_percent: 50, base_ejection_time: "5s" },
  metadata: {
    filter_metadata: { trellis: { identity: "spiffe://td/ns/a/sa/b", n: 3, l: [true, null, { a: "b" }] } },
  },
};

describe("Envoy proto codec", () => {
  it("round-trips canonical JSON through Envoy's protos: durations, wrappers, enums, Struct", () => {
    const r = roundTrip(cluster, goodCluster);
    expect(r.problems).toEqual([]);
    expect(r.decoded).toEqual(goodCluster);
  });

  it("names an unknown field by pointer, also inside a typed Any", () => {
    expect(roundTrip(cluster, { ...goodCluster, bogus: 1 }).problems).toEqual([
      { path: "/bogus", problem: 'unknown field "bogus" of envoy.config.cluster.v3.Cluster' },
    ]);
    const l = {
      name: "l",
      filter_chains: [
        { filters: [{ name: "hcm", typed_config: { "@type": hcm, stat_prefix: "x", nope: 1 } }] },
      ],
    };
    expect(roundTrip(listener, l).problems).toContainEqual({
      path: "/filter_chains/0/filters/0/typed_config/nope",
      problem:
        'unknown field "nope" of envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
    });
  });

  it("refuses what Envoy's validation rules refuse", () => {
    const problems = roundTrip(cluster, {
      name: "",
      connect_timeout: "0s",
      outlier_detection: { max_ejection_percent: 150 },
    }).problems;
    expect(problems).toEqual([
      { path: "/name", problem: "at least 1 characters" },
      { path: "/connect_timeout", problem: "must be > 0 ms" },
      { path: "/outlier_detection/max_ejection_percent", problem: "must be <= 100" },
    ]);
    // A route must have an action (a required oneof); an HCM a stat prefix.
    const route = roundTrip("envoy.config.route.v3.Route", { match: { prefix: "/" } }).problems;
    expect(route.map((p) => p.problem).join()).toMatch(/one of route, redirect, direct_response/);
  });

  it("refuses wrong types, two members of a oneof, unknown Any types and bad enum values", () => {
    const p = (json: unknown) => roundTrip(cluster, json).problems.map((x) => `${x.path}: ${x.problem}`);
    expect(p({ ...goodCluster, connect_timeout: 5 })).toEqual([
      '/connect_timeout: expected a duration like "1.5s"',
    ]);
    expect(p({ ...goodCluster, lb_policy: "FASTEST" })).toEqual([
      '/lb_policy: not a value of enum LbPolicy: "FASTEST"',
    ]);
    expect(p({ ...goodCluster, cluster_type: { name: "x" } })).toContain(
      "/cluster_type: oneof cluster_discovery_type already has type",
    );
    expect(
      p({
        ...goodCluster,
        transport_socket: { name: "tls", typed_config: { "@type": "type.googleapis.com/nope.Nope" } },
      }),
    ).toEqual(["/transport_socket/typed_config/@type: unknown type type.googleapis.com/nope.Nope"]);
  });

  it("refuses deprecated fields unless allowed by name", () => {
    const tls = {
      common_tls_context: { validation_context: { match_subject_alt_names: [{ exact: "spiffe://td/x" }] } },
    };
    const type = "envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext";
    const field =
      "envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext.match_subject_alt_names";
    expect(roundTrip(type, tls).problems[0]?.problem).toBe(`deprecated field ${field}`);
    expect(roundTrip(type, tls, { allowDeprecated: [field] }).problems).toEqual([]);
  });

  it("packs typed Anys whose bytes decode back", () => {
    const any = toAny(cluster, goodCluster);
    expect(any.type_url).toBe("type.googleapis.com/envoy.config.cluster.v3.Cluster");
    expect(decodeToJson(cluster, any.value)).toEqual(goodCluster);
    expect(() => toAny(cluster, { name: "" })).toThrow(/\/name: at least 1 characters/);
    expect(encodeJson(cluster, "nope")).toMatchObject({ ok: false });
  });
});
