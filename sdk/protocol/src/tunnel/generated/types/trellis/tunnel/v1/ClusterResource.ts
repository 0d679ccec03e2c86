// Original file: trellis/tunnel/v1/tunnel.proto

import type { Long } from '@grpc/proto-loader';

export interface ClusterResource__Input {
  'document'?: (Buffer | Uint8Array | string);
  'generation'?: (number | string | Long);
}

export interface ClusterResource {
  'document': (Buffer);
  'generation': (number);
}
