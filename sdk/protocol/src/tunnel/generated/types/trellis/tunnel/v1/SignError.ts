// Original file: trellis/tunnel/v1/tunnel.proto

import type { Duration__Input as _google_protobuf_Duration__Input, Duration as _google_protobuf_Duration } from '../../../google/protobuf/Duration.ts';

export interface SignError__Input {
  'code'?: (string);
  'message'?: (string);
  'retryAfter'?: (_google_protobuf_Duration__Input | null);
}

export interface SignError {
  'code': (string);
  'message': (string);
  'retryAfter': (_google_protobuf_Duration | null);
}
