// Original file: trellis/tunnel/v1/tunnel.proto

import type { Hello__Input as _trellis_tunnel_v1_Hello__Input, Hello as _trellis_tunnel_v1_Hello } from '../../../trellis/tunnel/v1/Hello.ts';
import type { Ack__Input as _trellis_tunnel_v1_Ack__Input, Ack as _trellis_tunnel_v1_Ack } from '../../../trellis/tunnel/v1/Ack.ts';
import type { Nack__Input as _trellis_tunnel_v1_Nack__Input, Nack as _trellis_tunnel_v1_Nack } from '../../../trellis/tunnel/v1/Nack.ts';
import type { DiscoveryUpdate__Input as _trellis_tunnel_v1_DiscoveryUpdate__Input, DiscoveryUpdate as _trellis_tunnel_v1_DiscoveryUpdate } from '../../../trellis/tunnel/v1/DiscoveryUpdate.ts';
import type { ProxyReport__Input as _trellis_tunnel_v1_ProxyReport__Input, ProxyReport as _trellis_tunnel_v1_ProxyReport } from '../../../trellis/tunnel/v1/ProxyReport.ts';
import type { SignRequest__Input as _trellis_tunnel_v1_SignRequest__Input, SignRequest as _trellis_tunnel_v1_SignRequest } from '../../../trellis/tunnel/v1/SignRequest.ts';
import type { MetricBatch__Input as _trellis_tunnel_v1_MetricBatch__Input, MetricBatch as _trellis_tunnel_v1_MetricBatch } from '../../../trellis/tunnel/v1/MetricBatch.ts';
import type { TapEvent__Input as _trellis_tunnel_v1_TapEvent__Input, TapEvent as _trellis_tunnel_v1_TapEvent } from '../../../trellis/tunnel/v1/TapEvent.ts';
import type { Heartbeat__Input as _trellis_tunnel_v1_Heartbeat__Input, Heartbeat as _trellis_tunnel_v1_Heartbeat } from '../../../trellis/tunnel/v1/Heartbeat.ts';
import type { CommandResult__Input as _trellis_tunnel_v1_CommandResult__Input, CommandResult as _trellis_tunnel_v1_CommandResult } from '../../../trellis/tunnel/v1/CommandResult.ts';
import type { ResourceSync__Input as _trellis_tunnel_v1_ResourceSync__Input, ResourceSync as _trellis_tunnel_v1_ResourceSync } from '../../../trellis/tunnel/v1/ResourceSync.ts';
import type { WebhookCertificateRequest__Input as _trellis_tunnel_v1_WebhookCertificateRequest__Input, WebhookCertificateRequest as _trellis_tunnel_v1_WebhookCertificateRequest } from '../../../trellis/tunnel/v1/WebhookCertificateRequest.ts';

export interface ConnectorMessage__Input {
  'hello'?: (_trellis_tunnel_v1_Hello__Input | null);
  'ack'?: (_trellis_tunnel_v1_Ack__Input | null);
  'nack'?: (_trellis_tunnel_v1_Nack__Input | null);
  'discovery'?: (_trellis_tunnel_v1_DiscoveryUpdate__Input | null);
  'proxyReport'?: (_trellis_tunnel_v1_ProxyReport__Input | null);
  'signRequest'?: (_trellis_tunnel_v1_SignRequest__Input | null);
  'metricBatch'?: (_trellis_tunnel_v1_MetricBatch__Input | null);
  'tapEvent'?: (_trellis_tunnel_v1_TapEvent__Input | null);
  'heartbeat'?: (_trellis_tunnel_v1_Heartbeat__Input | null);
  'commandResult'?: (_trellis_tunnel_v1_CommandResult__Input | null);
  'resourceSync'?: (_trellis_tunnel_v1_ResourceSync__Input | null);
  'webhookCertificateRequest'?: (_trellis_tunnel_v1_WebhookCertificateRequest__Input | null);
  'message'?: "hello"|"ack"|"nack"|"discovery"|"proxyReport"|"signRequest"|"metricBatch"|"tapEvent"|"heartbeat"|"commandResult"|"resourceSync"|"webhookCertificateRequest";
}

export interface ConnectorMessage {
  'hello'?: (_trellis_tunnel_v1_Hello | null);
  'ack'?: (_trellis_tunnel_v1_Ack | null);
  'nack'?: (_trellis_tunnel_v1_Nack | null);
  'discovery'?: (_trellis_tunnel_v1_DiscoveryUpdate | null);
  'proxyReport'?: (_trellis_tunnel_v1_ProxyReport | null);
  'signRequest'?: (_trellis_tunnel_v1_SignRequest | null);
  'metricBatch'?: (_trellis_tunnel_v1_MetricBatch | null);
  'tapEvent'?: (_trellis_tunnel_v1_TapEvent | null);
  'heartbeat'?: (_trellis_tunnel_v1_Heartbeat | null);
  'commandResult'?: (_trellis_tunnel_v1_CommandResult | null);
  'resourceSync'?: (_trellis_tunnel_v1_ResourceSync | null);
  'webhookCertificateRequest'?: (_trellis_tunnel_v1_WebhookCertificateRequest | null);
  'message'?: "hello"|"ack"|"nack"|"discovery"|"proxyReport"|"signRequest"|"metricBatch"|"tapEvent"|"heartbeat"|"commandResult"|"resourceSync"|"webhookCertificateRequest";
}
