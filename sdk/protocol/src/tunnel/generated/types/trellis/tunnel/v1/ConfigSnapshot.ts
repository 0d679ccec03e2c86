// Original file: trellis/tunnel/v1/tunnel.proto

import type { SnapshotPayload__Input as _trellis_tunnel_v1_SnapshotPayload__Input, SnapshotPayload as _trellis_tunnel_v1_SnapshotPayload } from '../../../trellis/tunnel/v1/SnapshotPayload.ts';
import type { Long } from '@grpc/proto-loader';

export interface ConfigSnapshot__Input {
  'version'?: (number | string | Long);
  'nonce'?: (string);
  'schema'?: (string);
  'payload'?: (Buffer | Uint8Array | string);
  'alternates'?: (_trellis_tunnel_v1_SnapshotPayload__Input)[];
}

export interface ConfigSnapshot {
  'version': (number);
  'nonce': (string);
  'schema': (string);
  'payload': (Buffer);
  'alternates': (_trellis_tunnel_v1_SnapshotPayload)[];
}
