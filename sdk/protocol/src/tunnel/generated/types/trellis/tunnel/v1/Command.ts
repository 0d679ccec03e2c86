// Original file: trellis/tunnel/v1/tunnel.proto

import type { StartTap__Input as _trellis_tunnel_v1_StartTap__Input, StartTap as _trellis_tunnel_v1_StartTap } from '../../../trellis/tunnel/v1/StartTap.ts';
import type { StopTap__Input as _trellis_tunnel_v1_StopTap__Input, StopTap as _trellis_tunnel_v1_StopTap } from '../../../trellis/tunnel/v1/StopTap.ts';
import type { DrainProxy__Input as _trellis_tunnel_v1_DrainProxy__Input, DrainProxy as _trellis_tunnel_v1_DrainProxy } from '../../../trellis/tunnel/v1/DrainProxy.ts';
import type { RotateCertificates__Input as _trellis_tunnel_v1_RotateCertificates__Input, RotateCertificates as _trellis_tunnel_v1_RotateCertificates } from '../../../trellis/tunnel/v1/RotateCertificates.ts';

export interface Command__Input {
  'commandId'?: (string);
  'startTap'?: (_trellis_tunnel_v1_StartTap__Input | null);
  'stopTap'?: (_trellis_tunnel_v1_StopTap__Input | null);
  'drainProxy'?: (_trellis_tunnel_v1_DrainProxy__Input | null);
  'rotateCertificates'?: (_trellis_tunnel_v1_RotateCertificates__Input | null);
  'command'?: "startTap"|"stopTap"|"drainProxy"|"rotateCertificates";
}

export interface Command {
  'commandId': (string);
  'startTap'?: (_trellis_tunnel_v1_StartTap | null);
  'stopTap'?: (_trellis_tunnel_v1_StopTap | null);
  'drainProxy'?: (_trellis_tunnel_v1_DrainProxy | null);
  'rotateCertificates'?: (_trellis_tunnel_v1_RotateCertificates | null);
  'command'?: "startTap"|"stopTap"|"drainProxy"|"rotateCertificates";
}
