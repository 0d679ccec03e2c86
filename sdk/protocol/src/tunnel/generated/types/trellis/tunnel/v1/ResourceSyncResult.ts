// Original file: trellis/tunnel/v1/tunnel.proto

import type { ResourceStatus__Input as _trellis_tunnel_v1_ResourceStatus__Input, ResourceStatus as _trellis_tunnel_v1_ResourceStatus } from '../../../trellis/tunnel/v1/ResourceStatus.ts';
import type { Long } from '@grpc/proto-loader';

export interface ResourceSyncResult__Input {
  'syncId'?: (number | string | Long);
  'resources'?: (_trellis_tunnel_v1_ResourceStatus__Input)[];
}

export interface ResourceSyncResult {
  'syncId': (number);
  'resources': (_trellis_tunnel_v1_ResourceStatus)[];
}
