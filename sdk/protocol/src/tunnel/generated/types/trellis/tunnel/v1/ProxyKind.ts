// Original file: trellis/tunnel/v1/tunnel.proto

export const ProxyKind = {
  PROXY_KIND_UNSPECIFIED: 'PROXY_KIND_UNSPECIFIED',
  PROXY_KIND_TRELLIS_PROXY: 'PROXY_KIND_TRELLIS_PROXY',
  PROXY_KIND_ENVOY: 'PROXY_KIND_ENVOY',
  PROXY_KIND_GRPC_PROXYLESS: 'PROXY_KIND_GRPC_PROXYLESS',
} as const;

export type ProxyKind__Input =
  | 'PROXY_KIND_UNSPECIFIED'
  | 0
  | 'PROXY_KIND_TRELLIS_PROXY'
  | 1
  | 'PROXY_KIND_ENVOY'
  | 2
  | 'PROXY_KIND_GRPC_PROXYLESS'
  | 3

export type ProxyKind = typeof ProxyKind[keyof typeof ProxyKind]
