// Original file: trellis/proxy/v1/proxy.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ConnectorToProxy__Input as _trellis_proxy_v1_ConnectorToProxy__Input, ConnectorToProxy as _trellis_proxy_v1_ConnectorToProxy } from '../../../trellis/proxy/v1/ConnectorToProxy.ts';
import type { ProxyMessage__Input as _trellis_proxy_v1_ProxyMessage__Input, ProxyMessage as _trellis_proxy_v1_ProxyMessage } from '../../../trellis/proxy/v1/ProxyMessage.ts';

export interface ProxyControlClient extends grpc.Client {
  Stream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_trellis_proxy_v1_ProxyMessage__Input, _trellis_proxy_v1_ConnectorToProxy>;
  Stream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_trellis_proxy_v1_ProxyMessage__Input, _trellis_proxy_v1_ConnectorToProxy>;
  stream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_trellis_proxy_v1_ProxyMessage__Input, _trellis_proxy_v1_ConnectorToProxy>;
  stream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_trellis_proxy_v1_ProxyMessage__Input, _trellis_proxy_v1_ConnectorToProxy>;
  
}

export interface ProxyControlHandlers extends grpc.UntypedServiceImplementation {
  Stream: grpc.handleBidiStreamingCall<_trellis_proxy_v1_ProxyMessage, _trellis_proxy_v1_ConnectorToProxy__Input>;
  
}

export interface ProxyControlDefinition extends grpc.ServiceDefinition {
  Stream: MethodDefinition<_trellis_proxy_v1_ProxyMessage__Input, _trellis_proxy_v1_ConnectorToProxy__Input, _trellis_proxy_v1_ProxyMessage, _trellis_proxy_v1_ConnectorToProxy>
}
