// Original file: trellis/tunnel/v1/tunnel.proto

import type { Timestamp__Input as _google_protobuf_Timestamp__Input, Timestamp as _google_protobuf_Timestamp } from '../../../google/protobuf/Timestamp.ts';
import type { Long } from '@grpc/proto-loader';

export interface Heartbeat__Input {
  'seq'?: (number | string | Long);
  'sentAt'?: (_google_protobuf_Timestamp__Input | null);
}

export interface Heartbeat {
  'seq': (number);
  'sentAt': (_google_protobuf_Timestamp | null);
}
