// Original file: trellis/tunnel/v1/tunnel.proto

import type { Long } from '@grpc/proto-loader';

export interface ConfigSnapshot__Input {
  'version'?: (number | string | Long);
  'nonce'?: (string);
  'schema'?: (string);
  'payload'?: (Buffer | Uint8Array | string);
}

export interface ConfigSnapshot {
  'version': (number);
  'nonce': (string);
  'schema': (string);
  'payload': (Buffer);
}
