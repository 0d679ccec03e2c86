// Original file: trellis/tunnel/v1/tunnel.proto

import type { ClusterResource__Input as _trellis_tunnel_v1_ClusterResource__Input, ClusterResource as _trellis_tunnel_v1_ClusterResource } from '../../../trellis/tunnel/v1/ClusterResource.ts';
import type { Long } from '@grpc/proto-loader';

export interface ResourceSync__Input {
  'syncId'?: (number | string | Long);
  'resources'?: (_trellis_tunnel_v1_ClusterResource__Input)[];
}

export interface ResourceSync {
  'syncId': (number);
  'resources': (_trellis_tunnel_v1_ClusterResource)[];
}
