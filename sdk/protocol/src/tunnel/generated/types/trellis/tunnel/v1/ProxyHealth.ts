// Original file: trellis/tunnel/v1/tunnel.proto

export const ProxyHealth = {
  PROXY_HEALTH_UNSPECIFIED: 'PROXY_HEALTH_UNSPECIFIED',
  PROXY_HEALTH_READY: 'PROXY_HEALTH_READY',
  PROXY_HEALTH_NOT_READY: 'PROXY_HEALTH_NOT_READY',
  PROXY_HEALTH_DRAINING: 'PROXY_HEALTH_DRAINING',
} as const;

export type ProxyHealth__Input =
  | 'PROXY_HEALTH_UNSPECIFIED'
  | 0
  | 'PROXY_HEALTH_READY'
  | 1
  | 'PROXY_HEALTH_NOT_READY'
  | 2
  | 'PROXY_HEALTH_DRAINING'
  | 3

export type ProxyHealth = typeof ProxyHealth[keyof typeof ProxyHealth]
