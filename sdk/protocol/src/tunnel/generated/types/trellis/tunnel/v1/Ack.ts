// Original file: trellis/tunnel/v1/tunnel.proto

import type { Long } from '@grpc/proto-loader';

export interface Ack__Input {
  'version'?: (number | string | Long);
  'nonce'?: (string);
}

export interface Ack {
  'version': (number);
  'nonce': (string);
}
