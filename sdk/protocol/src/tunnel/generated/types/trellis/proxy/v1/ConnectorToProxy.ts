// Original file: trellis/proxy/v1/proxy.proto

import type { ConfigSnapshot__Input as _trellis_tunnel_v1_ConfigSnapshot__Input, ConfigSnapshot as _trellis_tunnel_v1_ConfigSnapshot } from '../../../trellis/tunnel/v1/ConfigSnapshot.ts';
import type { SignResponse__Input as _trellis_tunnel_v1_SignResponse__Input, SignResponse as _trellis_tunnel_v1_SignResponse } from '../../../trellis/tunnel/v1/SignResponse.ts';
import type { Command__Input as _trellis_tunnel_v1_Command__Input, Command as _trellis_tunnel_v1_Command } from '../../../trellis/tunnel/v1/Command.ts';
import type { Heartbeat__Input as _trellis_tunnel_v1_Heartbeat__Input, Heartbeat as _trellis_tunnel_v1_Heartbeat } from '../../../trellis/tunnel/v1/Heartbeat.ts';
import type { EndpointStates__Input as _trellis_proxy_v1_EndpointStates__Input, EndpointStates as _trellis_proxy_v1_EndpointStates } from '../../../trellis/proxy/v1/EndpointStates.ts';

export interface ConnectorToProxy__Input {
  'config'?: (_trellis_tunnel_v1_ConfigSnapshot__Input | null);
  'signResponse'?: (_trellis_tunnel_v1_SignResponse__Input | null);
  'command'?: (_trellis_tunnel_v1_Command__Input | null);
  'heartbeat'?: (_trellis_tunnel_v1_Heartbeat__Input | null);
  'endpoints'?: (_trellis_proxy_v1_EndpointStates__Input | null);
  'message'?: "config"|"signResponse"|"command"|"heartbeat"|"endpoints";
}

export interface ConnectorToProxy {
  'config'?: (_trellis_tunnel_v1_ConfigSnapshot | null);
  'signResponse'?: (_trellis_tunnel_v1_SignResponse | null);
  'command'?: (_trellis_tunnel_v1_Command | null);
  'heartbeat'?: (_trellis_tunnel_v1_Heartbeat | null);
  'endpoints'?: (_trellis_proxy_v1_EndpointStates | null);
  'message'?: "config"|"signResponse"|"command"|"heartbeat"|"endpoints";
}
