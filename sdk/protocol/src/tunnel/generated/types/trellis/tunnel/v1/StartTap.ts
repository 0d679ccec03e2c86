// Original file: trellis/tunnel/v1/tunnel.proto

import type { Duration__Input as _google_protobuf_Duration__Input, Duration as _google_protobuf_Duration } from '../../../google/protobuf/Duration.ts';

export interface StartTap__Input {
  'tapId'?: (string);
  'service'?: (string);
  'namespace'?: (string);
  'pathPrefix'?: (string);
  'maxEvents'?: (number);
  'maxDuration'?: (_google_protobuf_Duration__Input | null);
  'maxEventsPerSecond'?: (number);
}

export interface StartTap {
  'tapId': (string);
  'service': (string);
  'namespace': (string);
  'pathPrefix': (string);
  'maxEvents': (number);
  'maxDuration': (_google_protobuf_Duration | null);
  'maxEventsPerSecond': (number);
}
