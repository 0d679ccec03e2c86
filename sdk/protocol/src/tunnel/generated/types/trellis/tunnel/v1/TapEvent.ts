// Original file: trellis/tunnel/v1/tunnel.proto

import type { Timestamp__Input as _google_protobuf_Timestamp__Input, Timestamp as _google_protobuf_Timestamp } from '../../../google/protobuf/Timestamp.ts';

export interface TapEvent__Input {
  'tapId'?: (string);
  'proxyId'?: (string);
  'at'?: (_google_protobuf_Timestamp__Input | null);
  'method'?: (string);
  'path'?: (string);
  'authority'?: (string);
  'status'?: (number);
  'grpcStatus'?: (number);
  'latencyMs'?: (number | string);
  'clientIdentity'?: (string);
  'serverIdentity'?: (string);
  'headers'?: ({[key: string]: string});
  'direction'?: (string);
}

export interface TapEvent {
  'tapId': (string);
  'proxyId': (string);
  'at': (_google_protobuf_Timestamp | null);
  'method': (string);
  'path': (string);
  'authority': (string);
  'status': (number);
  'grpcStatus': (number);
  'latencyMs': (number);
  'clientIdentity': (string);
  'serverIdentity': (string);
  'headers': ({[key: string]: string});
  'direction': (string);
}
