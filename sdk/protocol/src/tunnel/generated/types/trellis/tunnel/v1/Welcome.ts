// Original file: trellis/tunnel/v1/tunnel.proto

import type { Duration__Input as _google_protobuf_Duration__Input, Duration as _google_protobuf_Duration } from '../../../google/protobuf/Duration.ts';
import type { Long } from '@grpc/proto-loader';

export interface Welcome__Input {
  'clusterId'?: (string);
  'clusterName'?: (string);
  'meshName'?: (string);
  'trustDomain'?: (string);
  'clusterCredential'?: (string);
  'heartbeatInterval'?: (_google_protobuf_Duration__Input | null);
  'desiredVersion'?: (number | string | Long);
}

export interface Welcome {
  'clusterId': (string);
  'clusterName': (string);
  'meshName': (string);
  'trustDomain': (string);
  'clusterCredential': (string);
  'heartbeatInterval': (_google_protobuf_Duration | null);
  'desiredVersion': (number);
}
