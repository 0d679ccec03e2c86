// Original file: trellis/tunnel/v1/tunnel.proto

import type { Service__Input as _trellis_tunnel_v1_Service__Input, Service as _trellis_tunnel_v1_Service } from '../../../trellis/tunnel/v1/Service.ts';

export interface DiscoveryUpdate__Input {
  'services'?: (_trellis_tunnel_v1_Service__Input)[];
}

export interface DiscoveryUpdate {
  'services': (_trellis_tunnel_v1_Service)[];
}
