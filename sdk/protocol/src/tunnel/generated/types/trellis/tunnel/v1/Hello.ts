// Original file: trellis/tunnel/v1/tunnel.proto

import type { Long } from '@grpc/proto-loader';

export interface Hello__Input {
  'connectorVersion'?: (string);
  'appliedVersion'?: (number | string | Long);
  'discoveryMode'?: (string);
  'acceptedSchemas'?: (string)[];
}

export interface Hello {
  'connectorVersion': (string);
  'appliedVersion': (number);
  'discoveryMode': (string);
  'acceptedSchemas': (string)[];
}
