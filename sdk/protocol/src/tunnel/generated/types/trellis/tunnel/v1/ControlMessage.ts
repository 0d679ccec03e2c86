// Original file: trellis/tunnel/v1/tunnel.proto

import type { Welcome__Input as _trellis_tunnel_v1_Welcome__Input, Welcome as _trellis_tunnel_v1_Welcome } from '../../../trellis/tunnel/v1/Welcome.ts';
import type { ConfigSnapshot__Input as _trellis_tunnel_v1_ConfigSnapshot__Input, ConfigSnapshot as _trellis_tunnel_v1_ConfigSnapshot } from '../../../trellis/tunnel/v1/ConfigSnapshot.ts';
import type { SignResponse__Input as _trellis_tunnel_v1_SignResponse__Input, SignResponse as _trellis_tunnel_v1_SignResponse } from '../../../trellis/tunnel/v1/SignResponse.ts';
import type { Command__Input as _trellis_tunnel_v1_Command__Input, Command as _trellis_tunnel_v1_Command } from '../../../trellis/tunnel/v1/Command.ts';
import type { Heartbeat__Input as _trellis_tunnel_v1_Heartbeat__Input, Heartbeat as _trellis_tunnel_v1_Heartbeat } from '../../../trellis/tunnel/v1/Heartbeat.ts';
import type { Goodbye__Input as _trellis_tunnel_v1_Goodbye__Input, Goodbye as _trellis_tunnel_v1_Goodbye } from '../../../trellis/tunnel/v1/Goodbye.ts';
import type { ResourceSyncResult__Input as _trellis_tunnel_v1_ResourceSyncResult__Input, ResourceSyncResult as _trellis_tunnel_v1_ResourceSyncResult } from '../../../trellis/tunnel/v1/ResourceSyncResult.ts';

export interface ControlMessage__Input {
  'welcome'?: (_trellis_tunnel_v1_Welcome__Input | null);
  'config'?: (_trellis_tunnel_v1_ConfigSnapshot__Input | null);
  'signResponse'?: (_trellis_tunnel_v1_SignResponse__Input | null);
  'command'?: (_trellis_tunnel_v1_Command__Input | null);
  'heartbeat'?: (_trellis_tunnel_v1_Heartbeat__Input | null);
  'goodbye'?: (_trellis_tunnel_v1_Goodbye__Input | null);
  'resourceSyncResult'?: (_trellis_tunnel_v1_ResourceSyncResult__Input | null);
  'message'?: "welcome"|"config"|"signResponse"|"command"|"heartbeat"|"goodbye"|"resourceSyncResult";
}

export interface ControlMessage {
  'welcome'?: (_trellis_tunnel_v1_Welcome | null);
  'config'?: (_trellis_tunnel_v1_ConfigSnapshot | null);
  'signResponse'?: (_trellis_tunnel_v1_SignResponse | null);
  'command'?: (_trellis_tunnel_v1_Command | null);
  'heartbeat'?: (_trellis_tunnel_v1_Heartbeat | null);
  'goodbye'?: (_trellis_tunnel_v1_Goodbye | null);
  'resourceSyncResult'?: (_trellis_tunnel_v1_ResourceSyncResult | null);
  'message'?: "welcome"|"config"|"signResponse"|"command"|"heartbeat"|"goodbye"|"resourceSyncResult";
}
