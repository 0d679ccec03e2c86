import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import protobuf from "protobufjs";

/**
 * Envoy's API protos as shipped inside `@grpc/grpc-js-xds` (its `deps/` folders: envoy-api,
 * xds, googleapis, protoc-gen-validate), loaded at run time from the dependency rather than
 * copied, so the definitions are exactly the ones a grpc-js-xds client decodes with.
 */

const require = createRequire(import.meta.url);

export function protoIncludeDirs(): string[] {
  const deps = join(dirname(require.resolve("@grpc/grpc-js-xds/package.json")), "deps");
  return [
    ...["envoy-api", "xds", "googleapis", "protoc-gen-validate"].map((d) => join(deps, d)),
    // google/protobuf/descriptor.proto and friends, which protobufjs ships beside its code.
    dirname(require.resolve("protobufjs/package.json")),
  ];
}

/** Every proto file a generated resource, filter or bootstrap refers to. */
export const envoyProtoFiles = [
  "envoy/service/discovery/v3/ads.proto",
  "envoy/config/bootstrap/v3/bootstrap.proto",
  "envoy/config/listener/v3/listener.proto",
  "envoy/config/route/v3/route.proto",
  "envoy/config/cluster/v3/cluster.proto",
  "envoy/config/endpoint/v3/endpoint.proto",
  "envoy/extensions/transport_sockets/tls/v3/tls.proto",
  "envoy/extensions/transport_sockets/tls/v3/secret.proto",
  "envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto",
  "envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.proto",
  "envoy/extensions/filters/network/rbac/v3/rbac.proto",
  "envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.proto",
  "envoy/extensions/filters/http/router/v3/router.proto",
  "envoy/extensions/filters/http/fault/v3/fault.proto",
  "envoy/extensions/filters/http/rbac/v3/rbac.proto",
  "envoy/extensions/filters/http/jwt_authn/v3/config.proto",
  "envoy/extensions/filters/http/local_ratelimit/v3/local_rate_limit.proto",
  "envoy/extensions/filters/http/cors/v3/cors.proto",
  "envoy/extensions/filters/http/stateful_session/v3/stateful_session.proto",
  "envoy/extensions/http/stateful_session/cookie/v3/cookie.proto",
  "envoy/extensions/http/stateful_session/header/v3/header.proto",
  "envoy/extensions/upstreams/http/v3/http_protocol_options.proto",
  "envoy/extensions/retry/host/previous_hosts/v3/previous_hosts.proto",
  "envoy/extensions/load_balancing_policies/least_request/v3/least_request.proto",
  "envoy/extensions/load_balancing_policies/round_robin/v3/round_robin.proto",
];

let root: protobuf.Root | null = null;

/** The loaded Envoy API (about a second the first time; cached for the process). */
export function envoyRoot(): protobuf.Root {
  if (root) return root;
  const dirs = protoIncludeDirs();
  const loaded = new protobuf.Root();
  loaded.resolvePath = (_origin, target) => {
    for (const dir of dirs) {
      const path = join(dir, target);
      if (existsSync(path)) return path;
    }
    return target; // protobufjs' bundled well-known types (any, duration, struct, wrappers)
  };
  loaded.loadSync(envoyProtoFiles, { keepCase: true });
  loaded.resolveAll();
  root = loaded;
  return root;
}

export function envoyType(fullName: string): protobuf.Type {
  return envoyRoot().lookupType(fullName);
}

export const typeUrlPrefix = "type.googleapis.com/";

export function typeUrlOf(fullName: string): string {
  return `${typeUrlPrefix}${fullName}`;
}
