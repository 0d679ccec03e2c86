// Original file: trellis/tunnel/v1/tunnel.proto

import type { ProxyStatus__Input as _trellis_tunnel_v1_ProxyStatus__Input, ProxyStatus as _trellis_tunnel_v1_ProxyStatus } from '../../../trellis/tunnel/v1/ProxyStatus.ts';

export interface ProxyReport__Input {
  'proxies'?: (_trellis_tunnel_v1_ProxyStatus__Input)[];
}

export interface ProxyReport {
  'proxies': (_trellis_tunnel_v1_ProxyStatus)[];
}
