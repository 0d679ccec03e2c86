// Original file: trellis/tunnel/v1/tunnel.proto

import type { Timestamp__Input as _google_protobuf_Timestamp__Input, Timestamp as _google_protobuf_Timestamp } from '../../../google/protobuf/Timestamp.ts';
import type { Duration__Input as _google_protobuf_Duration__Input, Duration as _google_protobuf_Duration } from '../../../google/protobuf/Duration.ts';
import type { EdgeStats__Input as _trellis_tunnel_v1_EdgeStats__Input, EdgeStats as _trellis_tunnel_v1_EdgeStats } from '../../../trellis/tunnel/v1/EdgeStats.ts';

export interface MetricBatch__Input {
  'windowStart'?: (_google_protobuf_Timestamp__Input | null);
  'window'?: (_google_protobuf_Duration__Input | null);
  'edges'?: (_trellis_tunnel_v1_EdgeStats__Input)[];
}

export interface MetricBatch {
  'windowStart': (_google_protobuf_Timestamp | null);
  'window': (_google_protobuf_Duration | null);
  'edges': (_trellis_tunnel_v1_EdgeStats)[];
}
