// Original file: trellis/tunnel/v1/tunnel.proto

import type { Long } from '@grpc/proto-loader';

export interface Nack__Input {
  'version'?: (number | string | Long);
  'nonce'?: (string);
  'error'?: (string);
}

export interface Nack {
  'version': (number);
  'nonce': (string);
  'error': (string);
}
