// Original file: trellis/proxy/v1/proxy.proto

import type { ProxyHello__Input as _trellis_proxy_v1_ProxyHello__Input, ProxyHello as _trellis_proxy_v1_ProxyHello } from '../../../trellis/proxy/v1/ProxyHello.ts';
import type { Ack__Input as _trellis_tunnel_v1_Ack__Input, Ack as _trellis_tunnel_v1_Ack } from '../../../trellis/tunnel/v1/Ack.ts';
import type { Nack__Input as _trellis_tunnel_v1_Nack__Input, Nack as _trellis_tunnel_v1_Nack } from '../../../trellis/tunnel/v1/Nack.ts';
import type { SignRequest__Input as _trellis_tunnel_v1_SignRequest__Input, SignRequest as _trellis_tunnel_v1_SignRequest } from '../../../trellis/tunnel/v1/SignRequest.ts';
import type { ProxyStatus__Input as _trellis_tunnel_v1_ProxyStatus__Input, ProxyStatus as _trellis_tunnel_v1_ProxyStatus } from '../../../trellis/tunnel/v1/ProxyStatus.ts';
import type { MetricBatch__Input as _trellis_tunnel_v1_MetricBatch__Input, MetricBatch as _trellis_tunnel_v1_MetricBatch } from '../../../trellis/tunnel/v1/MetricBatch.ts';
import type { TapEvent__Input as _trellis_tunnel_v1_TapEvent__Input, TapEvent as _trellis_tunnel_v1_TapEvent } from '../../../trellis/tunnel/v1/TapEvent.ts';
import type { Heartbeat__Input as _trellis_tunnel_v1_Heartbeat__Input, Heartbeat as _trellis_tunnel_v1_Heartbeat } from '../../../trellis/tunnel/v1/Heartbeat.ts';
import type { CommandResult__Input as _trellis_tunnel_v1_CommandResult__Input, CommandResult as _trellis_tunnel_v1_CommandResult } from '../../../trellis/tunnel/v1/CommandResult.ts';

export interface ProxyMessage__Input {
  'hello'?: (_trellis_proxy_v1_ProxyHello__Input | null);
  'ack'?: (_trellis_tunnel_v1_Ack__Input | null);
  'nack'?: (_trellis_tunnel_v1_Nack__Input | null);
  'signRequest'?: (_trellis_tunnel_v1_SignRequest__Input | null);
  'status'?: (_trellis_tunnel_v1_ProxyStatus__Input | null);
  'metrics'?: (_trellis_tunnel_v1_MetricBatch__Input | null);
  'tapEvent'?: (_trellis_tunnel_v1_TapEvent__Input | null);
  'heartbeat'?: (_trellis_tunnel_v1_Heartbeat__Input | null);
  'commandResult'?: (_trellis_tunnel_v1_CommandResult__Input | null);
  'message'?: "hello"|"ack"|"nack"|"signRequest"|"status"|"metrics"|"tapEvent"|"heartbeat"|"commandResult";
}

export interface ProxyMessage {
  'hello'?: (_trellis_proxy_v1_ProxyHello | null);
  'ack'?: (_trellis_tunnel_v1_Ack | null);
  'nack'?: (_trellis_tunnel_v1_Nack | null);
  'signRequest'?: (_trellis_tunnel_v1_SignRequest | null);
  'status'?: (_trellis_tunnel_v1_ProxyStatus | null);
  'metrics'?: (_trellis_tunnel_v1_MetricBatch | null);
  'tapEvent'?: (_trellis_tunnel_v1_TapEvent | null);
  'heartbeat'?: (_trellis_tunnel_v1_Heartbeat | null);
  'commandResult'?: (_trellis_tunnel_v1_CommandResult | null);
  'message'?: "hello"|"ack"|"nack"|"signRequest"|"status"|"metrics"|"tapEvent"|"heartbeat"|"commandResult";
}
