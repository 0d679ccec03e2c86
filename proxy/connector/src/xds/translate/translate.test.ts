import { describe, expect, it } from "vitest";
import { everyFeatureSnapshot } from "../../testing/every-feature-snapshot.ts";
import { v2Inbound } from "../../testing/sample-snapshot-v2.ts";
import { roundTrip } from "../protos/proto-codec.ts";
import type { NodeProfile } from "./node-profile.ts";
import {
  allowedDeprecated,
  type ResourceKind,
  ResourceView,
  resourceKinds,
  resourceTypes,
} from "./resources.ts";

// biome-ignore lint/suspicious/noExplicitAny: assertions walk free-form Envoy JSON
type Json = Record<string, any>;

const envoy = (certs = true): NodeProfile => ({
  kind: "envoy",
  service: { name: "catalog", namespace: "default" },
  identity: "spiffe://demo.trellis.test/ns/default/sa/catalog",
  certs: certs ? { dir: "/var/run/trellis" } : null,
  envoy: { outboundPort: 4140, inboundPort: 4143, appPort: 8080 },
});
const grpc = (certs = true): NodeProfile => ({
  kind: "grpc-proxyless",
  service: { name: "catalog", namespace: "default" },
  identity: null,
  certs: certs ? { dir: "/var/run/trellis" } : null,
  envoy: null,
});

const serverListener = "trellis/inbound/0.0.0.0:7001";

function everything(view: ResourceView, profile: NodeProfile): [ResourceKind, string][] {
  return resourceKinds.flatMap((kind) =>
    [...view.names(kind), ...(kind === "listener" && profile.kind !== "envoy" ? [serverListener] : [])].map(
      (n) => [kind, n] as [ResourceKind, string],
    ),
  );
}

describe("v2 → xDS translation", () => {
  for (const [label, profile] of [
    ["Envoy with mTLS", envoy()],
    ["Envoy without certificates", envoy(false)],
    ["proxyless gRPC with certificate providers", grpc()],
    ["proxyless gRPC in plaintext", grpc(false)],
  ] as const) {
    it(`every resource for ${label} is valid for Envoy's protos (strict round trip)`, () => {
      const view = new ResourceView(everyFeatureSnapshot(), profile);
      const all = everything(view, profile);
      expect(all.length).toBeGreaterThan(8);
      for (const [kind, name] of all) {
        const json = view.get(kind, name);
        expect(json, `${kind} ${name}`).not.toBeNull();
        const r = roundTrip(resourceTypes[kind], json, { allowDeprecated: allowedDeprecated(profile) });
        expect(r.problems, `${kind} ${name}`).toEqual([]);
      }
    });
  }

  it("routes: precedence order, weighted splits in basis points, header and method matches, the route label", () => {
    const rc = new ResourceView(everyFeatureSnapshot(), envoy()).get("route", "trellis/outbound") as Json;
    const catalog = rc.virtual_hosts.find((v: Json) => v.name === "default/catalog:8080");
    expect(catalog.domains).toEqual(expect.arrayContaining(["catalog", "catalog:8080", "10.96.0.10:8080"]));
    expect(catalog.routes.map((r: Json) => r.name)).toEqual([
      "catalog-canary/by-header",
      "catalog-split",
      "catalog-legacy",
      "catalog-broken",
      "default",
    ]);
    const [canary, split, legacy, broken] = catalog.routes;
    expect(canary.match).toEqual({
      prefix: "/shop.Catalog/",
      headers: [{ name: "x-canary", string_match: { exact: "true" } }],
      grpc: {},
    });
    expect(split.match).toMatchObject({ path_separated_prefix: "/api", headers: [{ name: ":method" }] });
    expect(split.route.weighted_clusters.clusters.map((c: Json) => [c.name, c.weight])).toEqual([
      ["default/catalog-v1", 9000],
      ["default/catalog-v2", 1000],
    ]);
    expect(split.route.timeout).toBe("0s");
    expect(split.route.retry_policy).toEqual({ num_retries: 0, per_try_timeout: "0.5s" });
    expect(canary.request_headers_to_add).toContainEqual({
      header: { key: "x-trellis-route", value: "GRPCRoute/catalog-canary/by-header" },
      append_action: "OVERWRITE_IF_EXISTS_OR_ADD",
    });
    expect(legacy.redirect).toEqual({
      response_code: "MOVED_PERMANENTLY",
      scheme_redirect: "https",
      host_redirect: "catalog.example",
    });
    expect(broken.direct_response).toEqual({
      status: 500,
      body: { inline_string: "no backend of rule broken resolves" },
    });
    // Port 9090 gets only the routes without a port (catalog-split is for 8080).
    const p9090 = rc.virtual_hosts.find((v: Json) => v.name === "default/catalog:9090");
    expect(p9090.routes.map((r: Json) => r.name)).not.toContain("catalog-split");
    expect(p9090.domains).not.toContain("catalog"); // the bare name belongs to the first port
    // Opaque TCP services have no HTTP virtual host.
    expect(rc.virtual_hosts.map((v: Json) => v.name)).not.toContain("default/db:5432");
  });

  it("retries, timeouts and faults: Envoy's and gRPC's dialects", () => {
    const e = (new ResourceView(everyFeatureSnapshot(), envoy()).get("route", "trellis/outbound") as Json)
      .virtual_hosts[1].routes[0];
    expect(e.route.retry_policy).toMatchObject({
      retry_on: "5xx,connect-failure,reset,retriable-status-codes,unavailable",
      num_retries: 2,
      per_try_timeout: "0.25s",
      retry_back_off: { base_interval: "0.025s", max_interval: "0.25s" },
      retriable_status_codes: [409],
    });
    expect(e.typed_per_filter_config["envoy.filters.http.fault"]).toMatchObject({
      delay: { fixed_delay: "0.1s", percentage: { numerator: 50000, denominator: "MILLION" } },
      abort: { grpc_status: 14, percentage: { numerator: 10000, denominator: "MILLION" } },
    });
    const gview = new ResourceView(everyFeatureSnapshot(), grpc());
    const g = (gview.get("route", "trellis/outbound") as Json).virtual_hosts[1].routes;
    expect(g[0].route).toMatchObject({
      cluster: "default/catalog-v2",
      max_stream_duration: { max_stream_duration: "2s" },
      retry_policy: { retry_on: "unavailable", num_retries: 2 },
    });
    // A redirect with a query match can never match a gRPC call; a direct response is an abort.
    expect(g.map((r: Json) => r.name)).toEqual([
      "catalog-canary/by-header",
      "catalog-split",
      "catalog-broken",
      "default",
    ]);
    expect(g[2].typed_per_filter_config["envoy.filters.http.fault"].abort).toEqual({
      grpc_status: 2,
      percentage: { numerator: 1000000, denominator: "MILLION" },
    });
    expect([...gview.notes]).toContain(
      "retry on gRPC code 2 cannot be expressed for proxyless gRPC (gRFC A44)",
    );
  });

  it("clusters: balancer, limits, budget, outlier detection and mTLS to the endpoints' identities", () => {
    const c = new ResourceView(everyFeatureSnapshot(), envoy()).get("cluster", "default/catalog-v1") as Json;
    expect(c).toMatchObject({
      lb_policy: "LEAST_REQUEST",
      circuit_breakers: {
        thresholds: [
          {
            max_connections: 100,
            max_pending_requests: 10,
            max_requests: 50,
          },
        ],
      },
      outlier_detection: {
        consecutive_5xx: 5,
        consecutive_local_origin_failure: 3,
        enforcing_success_rate: 0,
        base_ejection_time: "5s",
        max_ejection_time: "30s",
      },
    });
    // The budget of the route that retries towards a cluster (catalog-canary → catalog-v2).
    const v2 = new ResourceView(everyFeatureSnapshot(), envoy()).get("cluster", "default/catalog-v2") as Json;
    expect(v2.circuit_breakers.thresholds[0].retry_budget).toEqual({
      budget_percent: { value: 20 },
      min_retry_concurrency: 3,
    });
    const tls = c.transport_socket.typed_config.common_tls_context;
    expect(tls.combined_validation_context.default_validation_context.match_typed_subject_alt_names).toEqual([
      { san_type: "URI", matcher: { exact: "spiffe://demo.trellis.test/ns/default/sa/catalog" } },
    ]);
    const g = new ResourceView(everyFeatureSnapshot(), grpc()).get("cluster", "default/catalog-v1") as Json;
    expect(g.lb_policy).toBe("ROUND_ROBIN");
    expect(g.lrs_server).toEqual({ self: {} });
    expect(c.lrs_server).toBeUndefined();
    expect(g.outlier_detection).toMatchObject({
      interval: "1s",
      enforcing_failure_percentage: 100,
      failure_percentage_request_volume: 5,
      failure_percentage_minimum_hosts: 1,
    });
    expect(g.transport_socket.typed_config.common_tls_context).toEqual({
      tls_certificate_provider_instance: { instance_name: "trellis-identity" },
      validation_context: {
        ca_certificate_provider_instance: { instance_name: "trellis-roots" },
        match_subject_alt_names: [{ exact: "spiffe://demo.trellis.test/ns/default/sa/catalog" }],
      },
    });
    const eds = new ResourceView(everyFeatureSnapshot(), grpc()).get(
      "endpoint",
      "default/catalog-v1",
    ) as Json;
    expect(eds.endpoints[0].lb_endpoints.map((e: Json) => e.health_status)).toEqual(["HEALTHY", "DRAINING"]);
  });

  it("inbound: DENY then ALLOW RBAC on SPIFFE ids, JWT, rate limits, identity header to the app", () => {
    const l = new ResourceView(everyFeatureSnapshot(), envoy()).get("listener", "trellis/inbound") as Json;
    const hcm = l.filter_chains[0].filters[0].typed_config;
    expect(hcm.http_filters.map((f: Json) => f.name)).toEqual([
      "envoy.filters.http.jwt_authn",
      "trellis.rbac.deny",
      "trellis.rbac.allow",
      "envoy.filters.http.local_ratelimit",
      "envoy.filters.http.router",
    ]);
    const deny = hcm.http_filters[1].typed_config.rules;
    expect(deny.action).toBe("DENY");
    expect(Object.values(deny.policies)[0]).toEqual({
      permissions: [{ any: true }],
      principals: [
        {
          or_ids: {
            ids: [
              {
                authenticated: {
                  principal_name: { exact: "spiffe://demo.trellis.test/ns/default/sa/legacy" },
                },
              },
              { not_id: { authenticated: {} } },
            ],
          },
        },
      ],
    });
    const allow = Object.values(hcm.http_filters[2].typed_config.rules.policies)[0] as Json;
    expect(JSON.stringify(allow.principals)).toContain('"prefix":"spiffe://demo.trellis.test/ns/ops/"');
    expect(JSON.stringify(allow.principals)).toContain('"filter":"envoy.filters.http.jwt_authn"');
    const app = hcm.route_config.virtual_hosts[0].routes.at(-1);
    expect(app.request_headers_to_add[0].header).toEqual({
      key: "x-trellis-client-identity",
      value: "%DOWNSTREAM_PEER_URI_SAN%",
    });
    expect(l.filter_chains[0].transport_socket.typed_config.require_client_certificate).toBe(true);
  });

  it("a service with default deny and no ALLOW policy gets an ALLOW filter with no policy (denies all)", () => {
    const snap = everyFeatureSnapshot();
    snap.inbound = [v2Inbound("catalog", { defaultAction: "deny", l4PassThrough: false })];
    const hcm = (new ResourceView(snap, grpc()).get("listener", serverListener) as Json).filter_chains[0]
      .filters[0].typed_config;
    expect(hcm.http_filters.map((f: Json) => f.name)).toEqual([
      "trellis.rbac.allow",
      "envoy.filters.http.router",
    ]);
    expect(hcm.http_filters[0].typed_config.rules).toEqual({ action: "ALLOW", policies: {} });
  });

  it("L4 pass-through is RBAC on the peer id plus tcp_proxy; permissive mTLS adds a plaintext chain", () => {
    const snap = everyFeatureSnapshot();
    snap.settings.mtlsMode = "permissive";
    const view = new ResourceView(snap, { ...envoy(), service: { name: "db", namespace: "default" } });
    const l = view.get("listener", "trellis/inbound") as Json;
    expect(l.listener_filters[0].name).toBe("envoy.filters.listener.tls_inspector");
    expect(l.filter_chains.map((c: Json) => c.filter_chain_match.transport_protocol)).toEqual([
      "tls",
      "raw_buffer",
    ]);
    expect(l.filter_chains[0].filters.map((f: Json) => f.name)).toEqual([
      "trellis.rbac.allow",
      "envoy.filters.network.tcp_proxy",
    ]);
  });

  it("SDS: roots inline from the snapshot, the workload certificate as files on the workload", () => {
    const view = new ResourceView(everyFeatureSnapshot(), envoy());
    expect(view.names("secret")).toEqual(["trellis/identity", "trellis/roots"]);
    expect(view.get("secret", "trellis/identity")).toEqual({
      name: "trellis/identity",
      tls_certificate: {
        certificate_chain: { filename: "/var/run/trellis/cert.pem" },
        private_key: { filename: "/var/run/trellis/key.pem" },
        watched_directory: { path: "/var/run/trellis" },
      },
    });
    expect((view.get("secret", "trellis/roots") as Json).validation_context.trusted_ca.inline_string).toMatch(
      /BEGIN CERTIFICATE/,
    );
    const noRoots = everyFeatureSnapshot();
    noRoots.trustBundle = [];
    expect(new ResourceView(noRoots, envoy()).names("secret")).toEqual(["trellis/identity"]);
  });
});
