// Original file: trellis/proxy/v1/proxy.proto

import type { Long } from '@grpc/proto-loader';

export interface ProxyHello__Input {
  'proxyId'?: (string);
  'service'?: (string);
  'namespace'?: (string);
  'serviceAccount'?: (string);
  'identity'?: (string);
  'workload'?: (string);
  'proxyVersion'?: (string);
  'appliedVersion'?: (number | string | Long);
  'acceptedSchemas'?: (string)[];
}

export interface ProxyHello {
  'proxyId': (string);
  'service': (string);
  'namespace': (string);
  'serviceAccount': (string);
  'identity': (string);
  'workload': (string);
  'proxyVersion': (string);
  'appliedVersion': (number);
  'acceptedSchemas': (string)[];
}
