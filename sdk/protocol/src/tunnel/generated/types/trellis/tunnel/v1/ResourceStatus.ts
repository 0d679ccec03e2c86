// Original file: trellis/tunnel/v1/tunnel.proto

import type { ResourceCondition__Input as _trellis_tunnel_v1_ResourceCondition__Input, ResourceCondition as _trellis_tunnel_v1_ResourceCondition } from '../../../trellis/tunnel/v1/ResourceCondition.ts';
import type { Long } from '@grpc/proto-loader';

export interface ResourceStatus__Input {
  'apiVersion'?: (string);
  'kind'?: (string);
  'namespace'?: (string);
  'name'?: (string);
  'observedGeneration'?: (number | string | Long);
  'conditions'?: (_trellis_tunnel_v1_ResourceCondition__Input)[];
}

export interface ResourceStatus {
  'apiVersion': (string);
  'kind': (string);
  'namespace': (string);
  'name': (string);
  'observedGeneration': (number);
  'conditions': (_trellis_tunnel_v1_ResourceCondition)[];
}
