// Original file: trellis/tunnel/v1/tunnel.proto

import type { ServicePort__Input as _trellis_tunnel_v1_ServicePort__Input, ServicePort as _trellis_tunnel_v1_ServicePort } from '../../../trellis/tunnel/v1/ServicePort.ts';
import type { Endpoint__Input as _trellis_tunnel_v1_Endpoint__Input, Endpoint as _trellis_tunnel_v1_Endpoint } from '../../../trellis/tunnel/v1/Endpoint.ts';

export interface Service__Input {
  'name'?: (string);
  'namespace'?: (string);
  'ports'?: (_trellis_tunnel_v1_ServicePort__Input)[];
  'endpoints'?: (_trellis_tunnel_v1_Endpoint__Input)[];
  'addresses'?: (string)[];
}

export interface Service {
  'name': (string);
  'namespace': (string);
  'ports': (_trellis_tunnel_v1_ServicePort)[];
  'endpoints': (_trellis_tunnel_v1_Endpoint)[];
  'addresses': (string)[];
}
