// Original file: trellis/tunnel/v1/tunnel.proto

import type { ProxyHealth__Input as _trellis_tunnel_v1_ProxyHealth__Input, ProxyHealth as _trellis_tunnel_v1_ProxyHealth } from '../../../trellis/tunnel/v1/ProxyHealth.ts';
import type { Timestamp__Input as _google_protobuf_Timestamp__Input, Timestamp as _google_protobuf_Timestamp } from '../../../google/protobuf/Timestamp.ts';
import type { Nack__Input as _trellis_tunnel_v1_Nack__Input, Nack as _trellis_tunnel_v1_Nack } from '../../../trellis/tunnel/v1/Nack.ts';
import type { ProxyKind__Input as _trellis_tunnel_v1_ProxyKind__Input, ProxyKind as _trellis_tunnel_v1_ProxyKind } from '../../../trellis/tunnel/v1/ProxyKind.ts';
import type { Long } from '@grpc/proto-loader';

export interface ProxyStatus__Input {
  'proxyId'?: (string);
  'service'?: (string);
  'namespace'?: (string);
  'workload'?: (string);
  'identity'?: (string);
  'proxyVersion'?: (string);
  'appliedConfigVersion'?: (number | string | Long);
  'health'?: (_trellis_tunnel_v1_ProxyHealth__Input);
  'startedAt'?: (_google_protobuf_Timestamp__Input | null);
  'certNotAfter'?: (_google_protobuf_Timestamp__Input | null);
  'certRootFingerprint'?: (string);
  'lastNack'?: (_trellis_tunnel_v1_Nack__Input | null);
  'kind'?: (_trellis_tunnel_v1_ProxyKind__Input);
  'userAgent'?: (string);
}

export interface ProxyStatus {
  'proxyId': (string);
  'service': (string);
  'namespace': (string);
  'workload': (string);
  'identity': (string);
  'proxyVersion': (string);
  'appliedConfigVersion': (number);
  'health': (_trellis_tunnel_v1_ProxyHealth);
  'startedAt': (_google_protobuf_Timestamp | null);
  'certNotAfter': (_google_protobuf_Timestamp | null);
  'certRootFingerprint': (string);
  'lastNack': (_trellis_tunnel_v1_Nack | null);
  'kind': (_trellis_tunnel_v1_ProxyKind);
  'userAgent': (string);
}
