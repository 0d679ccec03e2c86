// Original file: trellis/tunnel/v1/tunnel.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ConnectorMessage__Input as _trellis_tunnel_v1_ConnectorMessage__Input, ConnectorMessage as _trellis_tunnel_v1_ConnectorMessage } from '../../../trellis/tunnel/v1/ConnectorMessage.ts';
import type { ControlMessage__Input as _trellis_tunnel_v1_ControlMessage__Input, ControlMessage as _trellis_tunnel_v1_ControlMessage } from '../../../trellis/tunnel/v1/ControlMessage.ts';

export interface TunnelClient extends grpc.Client {
  Connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_trellis_tunnel_v1_ConnectorMessage__Input, _trellis_tunnel_v1_ControlMessage>;
  Connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_trellis_tunnel_v1_ConnectorMessage__Input, _trellis_tunnel_v1_ControlMessage>;
  connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_trellis_tunnel_v1_ConnectorMessage__Input, _trellis_tunnel_v1_ControlMessage>;
  connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_trellis_tunnel_v1_ConnectorMessage__Input, _trellis_tunnel_v1_ControlMessage>;
  
}

export interface TunnelHandlers extends grpc.UntypedServiceImplementation {
  Connect: grpc.handleBidiStreamingCall<_trellis_tunnel_v1_ConnectorMessage, _trellis_tunnel_v1_ControlMessage__Input>;
  
}

export interface TunnelDefinition extends grpc.ServiceDefinition {
  Connect: MethodDefinition<_trellis_tunnel_v1_ConnectorMessage__Input, _trellis_tunnel_v1_ControlMessage__Input, _trellis_tunnel_v1_ConnectorMessage, _trellis_tunnel_v1_ControlMessage>
}
