import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Duration__Input as _google_protobuf_Duration__Input, Duration as _google_protobuf_Duration } from './google/protobuf/Duration.ts';
import type { Timestamp__Input as _google_protobuf_Timestamp__Input, Timestamp as _google_protobuf_Timestamp } from './google/protobuf/Timestamp.ts';
import type { Ack__Input as _trellis_tunnel_v1_Ack__Input, Ack as _trellis_tunnel_v1_Ack } from './trellis/tunnel/v1/Ack.ts';
import type { ClusterResource__Input as _trellis_tunnel_v1_ClusterResource__Input, ClusterResource as _trellis_tunnel_v1_ClusterResource } from './trellis/tunnel/v1/ClusterResource.ts';
import type { Command__Input as _trellis_tunnel_v1_Command__Input, Command as _trellis_tunnel_v1_Command } from './trellis/tunnel/v1/Command.ts';
import type { CommandResult__Input as _trellis_tunnel_v1_CommandResult__Input, CommandResult as _trellis_tunnel_v1_CommandResult } from './trellis/tunnel/v1/CommandResult.ts';
import type { ConfigSnapshot__Input as _trellis_tunnel_v1_ConfigSnapshot__Input, ConfigSnapshot as _trellis_tunnel_v1_ConfigSnapshot } from './trellis/tunnel/v1/ConfigSnapshot.ts';
import type { ConnectorMessage__Input as _trellis_tunnel_v1_ConnectorMessage__Input, ConnectorMessage as _trellis_tunnel_v1_ConnectorMessage } from './trellis/tunnel/v1/ConnectorMessage.ts';
import type { ControlMessage__Input as _trellis_tunnel_v1_ControlMessage__Input, ControlMessage as _trellis_tunnel_v1_ControlMessage } from './trellis/tunnel/v1/ControlMessage.ts';
import type { DiscoveryUpdate__Input as _trellis_tunnel_v1_DiscoveryUpdate__Input, DiscoveryUpdate as _trellis_tunnel_v1_DiscoveryUpdate } from './trellis/tunnel/v1/DiscoveryUpdate.ts';
import type { DrainProxy__Input as _trellis_tunnel_v1_DrainProxy__Input, DrainProxy as _trellis_tunnel_v1_DrainProxy } from './trellis/tunnel/v1/DrainProxy.ts';
import type { EdgeStats__Input as _trellis_tunnel_v1_EdgeStats__Input, EdgeStats as _trellis_tunnel_v1_EdgeStats } from './trellis/tunnel/v1/EdgeStats.ts';
import type { Endpoint__Input as _trellis_tunnel_v1_Endpoint__Input, Endpoint as _trellis_tunnel_v1_Endpoint } from './trellis/tunnel/v1/Endpoint.ts';
import type { Goodbye__Input as _trellis_tunnel_v1_Goodbye__Input, Goodbye as _trellis_tunnel_v1_Goodbye } from './trellis/tunnel/v1/Goodbye.ts';
import type { Heartbeat__Input as _trellis_tunnel_v1_Heartbeat__Input, Heartbeat as _trellis_tunnel_v1_Heartbeat } from './trellis/tunnel/v1/Heartbeat.ts';
import type { Hello__Input as _trellis_tunnel_v1_Hello__Input, Hello as _trellis_tunnel_v1_Hello } from './trellis/tunnel/v1/Hello.ts';
import type { MetricBatch__Input as _trellis_tunnel_v1_MetricBatch__Input, MetricBatch as _trellis_tunnel_v1_MetricBatch } from './trellis/tunnel/v1/MetricBatch.ts';
import type { Nack__Input as _trellis_tunnel_v1_Nack__Input, Nack as _trellis_tunnel_v1_Nack } from './trellis/tunnel/v1/Nack.ts';
import type { ProxyReport__Input as _trellis_tunnel_v1_ProxyReport__Input, ProxyReport as _trellis_tunnel_v1_ProxyReport } from './trellis/tunnel/v1/ProxyReport.ts';
import type { ProxyStatus__Input as _trellis_tunnel_v1_ProxyStatus__Input, ProxyStatus as _trellis_tunnel_v1_ProxyStatus } from './trellis/tunnel/v1/ProxyStatus.ts';
import type { ResourceCondition__Input as _trellis_tunnel_v1_ResourceCondition__Input, ResourceCondition as _trellis_tunnel_v1_ResourceCondition } from './trellis/tunnel/v1/ResourceCondition.ts';
import type { ResourceStatus__Input as _trellis_tunnel_v1_ResourceStatus__Input, ResourceStatus as _trellis_tunnel_v1_ResourceStatus } from './trellis/tunnel/v1/ResourceStatus.ts';
import type { ResourceSync__Input as _trellis_tunnel_v1_ResourceSync__Input, ResourceSync as _trellis_tunnel_v1_ResourceSync } from './trellis/tunnel/v1/ResourceSync.ts';
import type { ResourceSyncResult__Input as _trellis_tunnel_v1_ResourceSyncResult__Input, ResourceSyncResult as _trellis_tunnel_v1_ResourceSyncResult } from './trellis/tunnel/v1/ResourceSyncResult.ts';
import type { RotateCertificates__Input as _trellis_tunnel_v1_RotateCertificates__Input, RotateCertificates as _trellis_tunnel_v1_RotateCertificates } from './trellis/tunnel/v1/RotateCertificates.ts';
import type { Service__Input as _trellis_tunnel_v1_Service__Input, Service as _trellis_tunnel_v1_Service } from './trellis/tunnel/v1/Service.ts';
import type { ServicePort__Input as _trellis_tunnel_v1_ServicePort__Input, ServicePort as _trellis_tunnel_v1_ServicePort } from './trellis/tunnel/v1/ServicePort.ts';
import type { SignError__Input as _trellis_tunnel_v1_SignError__Input, SignError as _trellis_tunnel_v1_SignError } from './trellis/tunnel/v1/SignError.ts';
import type { SignRequest__Input as _trellis_tunnel_v1_SignRequest__Input, SignRequest as _trellis_tunnel_v1_SignRequest } from './trellis/tunnel/v1/SignRequest.ts';
import type { SignResponse__Input as _trellis_tunnel_v1_SignResponse__Input, SignResponse as _trellis_tunnel_v1_SignResponse } from './trellis/tunnel/v1/SignResponse.ts';
import type { SignedCertificate__Input as _trellis_tunnel_v1_SignedCertificate__Input, SignedCertificate as _trellis_tunnel_v1_SignedCertificate } from './trellis/tunnel/v1/SignedCertificate.ts';
import type { SnapshotPayload__Input as _trellis_tunnel_v1_SnapshotPayload__Input, SnapshotPayload as _trellis_tunnel_v1_SnapshotPayload } from './trellis/tunnel/v1/SnapshotPayload.ts';
import type { StartTap__Input as _trellis_tunnel_v1_StartTap__Input, StartTap as _trellis_tunnel_v1_StartTap } from './trellis/tunnel/v1/StartTap.ts';
import type { StopTap__Input as _trellis_tunnel_v1_StopTap__Input, StopTap as _trellis_tunnel_v1_StopTap } from './trellis/tunnel/v1/StopTap.ts';
import type { TapEvent__Input as _trellis_tunnel_v1_TapEvent__Input, TapEvent as _trellis_tunnel_v1_TapEvent } from './trellis/tunnel/v1/TapEvent.ts';
import type { TunnelClient as _trellis_tunnel_v1_TunnelClient, TunnelDefinition as _trellis_tunnel_v1_TunnelDefinition } from './trellis/tunnel/v1/Tunnel.ts';
import type { WebhookCertificateRequest__Input as _trellis_tunnel_v1_WebhookCertificateRequest__Input, WebhookCertificateRequest as _trellis_tunnel_v1_WebhookCertificateRequest } from './trellis/tunnel/v1/WebhookCertificateRequest.ts';
import type { Welcome__Input as _trellis_tunnel_v1_Welcome__Input, Welcome as _trellis_tunnel_v1_Welcome } from './trellis/tunnel/v1/Welcome.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration__Input, _google_protobuf_Duration>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp__Input, _google_protobuf_Timestamp>
    }
  }
  trellis: {
    tunnel: {
      v1: {
        Ack: MessageTypeDefinition<_trellis_tunnel_v1_Ack__Input, _trellis_tunnel_v1_Ack>
        ClusterResource: MessageTypeDefinition<_trellis_tunnel_v1_ClusterResource__Input, _trellis_tunnel_v1_ClusterResource>
        Command: MessageTypeDefinition<_trellis_tunnel_v1_Command__Input, _trellis_tunnel_v1_Command>
        CommandResult: MessageTypeDefinition<_trellis_tunnel_v1_CommandResult__Input, _trellis_tunnel_v1_CommandResult>
        ConfigSnapshot: MessageTypeDefinition<_trellis_tunnel_v1_ConfigSnapshot__Input, _trellis_tunnel_v1_ConfigSnapshot>
        ConnectorMessage: MessageTypeDefinition<_trellis_tunnel_v1_ConnectorMessage__Input, _trellis_tunnel_v1_ConnectorMessage>
        ControlMessage: MessageTypeDefinition<_trellis_tunnel_v1_ControlMessage__Input, _trellis_tunnel_v1_ControlMessage>
        DiscoveryUpdate: MessageTypeDefinition<_trellis_tunnel_v1_DiscoveryUpdate__Input, _trellis_tunnel_v1_DiscoveryUpdate>
        DrainProxy: MessageTypeDefinition<_trellis_tunnel_v1_DrainProxy__Input, _trellis_tunnel_v1_DrainProxy>
        EdgeStats: MessageTypeDefinition<_trellis_tunnel_v1_EdgeStats__Input, _trellis_tunnel_v1_EdgeStats>
        Endpoint: MessageTypeDefinition<_trellis_tunnel_v1_Endpoint__Input, _trellis_tunnel_v1_Endpoint>
        Goodbye: MessageTypeDefinition<_trellis_tunnel_v1_Goodbye__Input, _trellis_tunnel_v1_Goodbye>
        GoodbyeReason: EnumTypeDefinition
        Heartbeat: MessageTypeDefinition<_trellis_tunnel_v1_Heartbeat__Input, _trellis_tunnel_v1_Heartbeat>
        Hello: MessageTypeDefinition<_trellis_tunnel_v1_Hello__Input, _trellis_tunnel_v1_Hello>
        MetricBatch: MessageTypeDefinition<_trellis_tunnel_v1_MetricBatch__Input, _trellis_tunnel_v1_MetricBatch>
        Nack: MessageTypeDefinition<_trellis_tunnel_v1_Nack__Input, _trellis_tunnel_v1_Nack>
        ProxyHealth: EnumTypeDefinition
        ProxyKind: EnumTypeDefinition
        ProxyReport: MessageTypeDefinition<_trellis_tunnel_v1_ProxyReport__Input, _trellis_tunnel_v1_ProxyReport>
        ProxyStatus: MessageTypeDefinition<_trellis_tunnel_v1_ProxyStatus__Input, _trellis_tunnel_v1_ProxyStatus>
        ResourceCondition: MessageTypeDefinition<_trellis_tunnel_v1_ResourceCondition__Input, _trellis_tunnel_v1_ResourceCondition>
        ResourceStatus: MessageTypeDefinition<_trellis_tunnel_v1_ResourceStatus__Input, _trellis_tunnel_v1_ResourceStatus>
        ResourceSync: MessageTypeDefinition<_trellis_tunnel_v1_ResourceSync__Input, _trellis_tunnel_v1_ResourceSync>
        ResourceSyncResult: MessageTypeDefinition<_trellis_tunnel_v1_ResourceSyncResult__Input, _trellis_tunnel_v1_ResourceSyncResult>
        RotateCertificates: MessageTypeDefinition<_trellis_tunnel_v1_RotateCertificates__Input, _trellis_tunnel_v1_RotateCertificates>
        Service: MessageTypeDefinition<_trellis_tunnel_v1_Service__Input, _trellis_tunnel_v1_Service>
        ServicePort: MessageTypeDefinition<_trellis_tunnel_v1_ServicePort__Input, _trellis_tunnel_v1_ServicePort>
        SignError: MessageTypeDefinition<_trellis_tunnel_v1_SignError__Input, _trellis_tunnel_v1_SignError>
        SignRequest: MessageTypeDefinition<_trellis_tunnel_v1_SignRequest__Input, _trellis_tunnel_v1_SignRequest>
        SignResponse: MessageTypeDefinition<_trellis_tunnel_v1_SignResponse__Input, _trellis_tunnel_v1_SignResponse>
        SignedCertificate: MessageTypeDefinition<_trellis_tunnel_v1_SignedCertificate__Input, _trellis_tunnel_v1_SignedCertificate>
        SnapshotPayload: MessageTypeDefinition<_trellis_tunnel_v1_SnapshotPayload__Input, _trellis_tunnel_v1_SnapshotPayload>
        StartTap: MessageTypeDefinition<_trellis_tunnel_v1_StartTap__Input, _trellis_tunnel_v1_StartTap>
        StopTap: MessageTypeDefinition<_trellis_tunnel_v1_StopTap__Input, _trellis_tunnel_v1_StopTap>
        TapEvent: MessageTypeDefinition<_trellis_tunnel_v1_TapEvent__Input, _trellis_tunnel_v1_TapEvent>
        Tunnel: SubtypeConstructor<typeof grpc.Client, _trellis_tunnel_v1_TunnelClient> & { service: _trellis_tunnel_v1_TunnelDefinition }
        WebhookCertificateRequest: MessageTypeDefinition<_trellis_tunnel_v1_WebhookCertificateRequest__Input, _trellis_tunnel_v1_WebhookCertificateRequest>
        Welcome: MessageTypeDefinition<_trellis_tunnel_v1_Welcome__Input, _trellis_tunnel_v1_Welcome>
      }
    }
  }
}

