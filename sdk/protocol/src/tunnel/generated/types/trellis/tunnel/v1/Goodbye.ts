// Original file: trellis/tunnel/v1/tunnel.proto

import type { GoodbyeReason__Input as _trellis_tunnel_v1_GoodbyeReason__Input, GoodbyeReason as _trellis_tunnel_v1_GoodbyeReason } from '../../../trellis/tunnel/v1/GoodbyeReason.ts';

export interface Goodbye__Input {
  'reason'?: (_trellis_tunnel_v1_GoodbyeReason__Input);
  'message'?: (string);
}

export interface Goodbye {
  'reason': (_trellis_tunnel_v1_GoodbyeReason);
  'message': (string);
}
