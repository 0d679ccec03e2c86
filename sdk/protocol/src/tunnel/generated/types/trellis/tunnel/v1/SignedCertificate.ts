// Original file: trellis/tunnel/v1/tunnel.proto

import type { Timestamp__Input as _google_protobuf_Timestamp__Input, Timestamp as _google_protobuf_Timestamp } from '../../../google/protobuf/Timestamp.ts';

export interface SignedCertificate__Input {
  'certChainPem'?: (string)[];
  'trustBundlePem'?: (string)[];
  'notAfter'?: (_google_protobuf_Timestamp__Input | null);
}

export interface SignedCertificate {
  'certChainPem': (string)[];
  'trustBundlePem': (string)[];
  'notAfter': (_google_protobuf_Timestamp | null);
}
