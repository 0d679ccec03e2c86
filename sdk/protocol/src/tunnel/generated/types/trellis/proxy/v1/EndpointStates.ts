// Original file: trellis/proxy/v1/proxy.proto

import type { UnavailableEndpoint__Input as _trellis_proxy_v1_UnavailableEndpoint__Input, UnavailableEndpoint as _trellis_proxy_v1_UnavailableEndpoint } from '../../../trellis/proxy/v1/UnavailableEndpoint.ts';

export interface EndpointStates__Input {
  'unavailable'?: (_trellis_proxy_v1_UnavailableEndpoint__Input)[];
}

export interface EndpointStates {
  'unavailable': (_trellis_proxy_v1_UnavailableEndpoint)[];
}
